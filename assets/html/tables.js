// Long tables (class "sortable"): click or press Enter on a column header to sort (tablesort,
// vendored in vendor/tablesort), type in the box above the table to filter its rows.
// Progressive enhancement: without scripts the table is a plain, complete table.
(function () {
  "use strict";
  var tables = document.querySelectorAll("table.sortable");
  Array.prototype.forEach.call(tables, function (table, n) {
    if (!table.tHead || !table.tBodies.length) return;
    if (window.Tablesort) new window.Tablesort(table);
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var box = document.createElement("div");
    box.className = "table-filter";
    var label = document.createElement("label");
    label.htmlFor = "table-filter-" + n;
    // The caption sits above the table's scrolling box (csreport.sphinx.pages), named by aria-labelledby.
    var labelledBy = table.getAttribute("aria-labelledby");
    var holder = table.caption || (labelledBy && document.getElementById(labelledBy));
    var text = holder && holder.querySelector(".caption-text");
    var caption = text ? text.textContent : "";
    label.textContent = "Filter the rows" + (caption ? " of “" + caption.trim() + "”" : "") + ": ";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "table-filter-" + n;
    var count = document.createElement("span");
    count.className = "table-filter-count";
    count.setAttribute("role", "status");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(count);
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase(), shown = 0;
      rows.forEach(function (row) {
        var hit = !q || row.textContent.toLowerCase().indexOf(q) !== -1;
        row.hidden = !hit;
        if (hit) shown += 1;
      });
      count.textContent = q ? " " + shown + " of " + rows.length + " rows" : "";
    });
    var wrapper = table.closest(".pst-scrollable-table-container") || table;
    wrapper.parentNode.insertBefore(box, wrapper);
  });
})();
