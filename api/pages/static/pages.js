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

// Shows − and + beside a count (a session's headcount) and moves the number by one, never below nothing.
(function () {
  "use strict";
  document.querySelectorAll("button.step[data-for][data-step]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-for"));
    if (!input) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var now = parseInt(input.value, 10);
      var next = (isNaN(now) ? 0 : now) + parseInt(button.getAttribute("data-step"), 10);
      var most = parseInt(input.getAttribute("max"), 10);
      input.value = String(Math.max(0, isNaN(most) ? next : Math.min(most, next)));
    });
  });
})();
