// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";

  // The filter panel starts folded on phones; on wide screens there is room to show it.
  var wide = window.matchMedia("(min-width: 60em)");
  document.querySelectorAll("details[data-open-wide]").forEach(function (panel) {
    if (wide.matches) {
      panel.open = true;
    }
  });

  // On a photo page, the arrow keys step to the previous and next photo of the list.
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    var target = event.target;
    if (target.closest && target.closest("input, select, textarea, [contenteditable]")) {
      return;
    }
    var link = document.querySelector('.photo-nav a[data-key="' + event.key + '"]');
    if (link) {
      link.click();
    }
  });
})();
