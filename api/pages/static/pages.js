// Progressive enhancement only: every page works without this file.
// Unfolds folded filters where the screen is wide enough to show them beside the results, and folds
// them again when it narrows (a window made smaller, a tablet turned).
(function () {
  "use strict";
  var folds = document.querySelectorAll("details[data-open-wide]");
  if (!window.matchMedia || !folds.length) {
    return;
  }
  var wide = window.matchMedia("(min-width: 60rem)");
  function follow() {
    folds.forEach(function (details) {
      details.open = wide.matches;
    });
  }
  follow();
  if (wide.addEventListener) {
    wide.addEventListener("change", follow);
  }
})();

// Shows "Copy the address" buttons beside feed links where the clipboard is available.
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        button.textContent = "Copied";
      });
    });
  });
})();
