// Claims ledger filters (progressive enhancement): without scripts the form stays hidden and
// every claim is shown. Claims are div.claim elements with data-verdict and data-dimension.
(function () {
  "use strict";
  var form = document.querySelector("form.ledger-filter");
  if (!form) return;
  var claims = Array.prototype.slice.call(document.querySelectorAll("div.claim[data-verdict]"));
  var verdict = form.querySelector("#ledger-verdict");
  var dimension = form.querySelector("#ledger-dimension");
  var count = form.querySelector(".ledger-count");
  function apply() {
    var shown = 0;
    claims.forEach(function (claim) {
      var hit = (!verdict.value || claim.dataset.verdict === verdict.value) &&
                (!dimension.value || claim.dataset.dimension === dimension.value);
      claim.hidden = !hit;
      if (hit) shown += 1;
    });
    count.textContent = "Showing " + shown + " of " + claims.length + " claims";
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
})();
