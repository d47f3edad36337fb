// Charts open at full size on tap or click: a dialog shows the chart's image at 760 CSS px or
// more (its type at least 9 px high), scrolling sideways on a phone. Without scripts, the link
// around each chart opens the image file itself. Loaded on pages with figures
// (csreport.sphinx.pages).
(function () {
  "use strict";
  var links = document.querySelectorAll("figure a.image-reference");
  if (!links.length || typeof HTMLDialogElement !== "function") return;
  var dialog = document.createElement("dialog");
  dialog.className = "figure-viewer";
  dialog.setAttribute("aria-label", "Chart at full size");
  var bar = document.createElement("div");
  bar.className = "figure-viewer-bar";
  var close = document.createElement("button");
  close.type = "button";
  close.textContent = "Close";
  var file = document.createElement("a");
  file.textContent = "Open the image file";
  bar.appendChild(close);
  bar.appendChild(file);
  var scroll = document.createElement("div");
  scroll.className = "figure-viewer-scroll";
  scroll.tabIndex = 0;
  var image = document.createElement("img");
  scroll.appendChild(image);
  dialog.appendChild(bar);
  dialog.appendChild(scroll);
  document.body.appendChild(dialog);
  close.addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
  Array.prototype.forEach.call(links, function (link) {
    var small = link.querySelector("img");
    var hint = document.createElement("p");
    hint.className = "figure-zoom-hint";
    hint.textContent = "Tap the chart to open it at full size.";
    link.parentNode.insertBefore(hint, link.nextSibling);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      image.src = link.href;
      image.alt = small ? small.alt : "";
      file.href = link.href;
      dialog.showModal();
      scroll.scrollLeft = 0;
      close.focus();
    });
  });
})();
