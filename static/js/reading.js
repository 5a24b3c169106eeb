// The reader's text size (小/中/大) for stories, kept in this browser.
(function () {
  var KEY = "newsroom-reading-size";
  var root = document.documentElement;
  var stored = null;
  try {
    stored = window.localStorage.getItem(KEY);
  } catch (error) {
    stored = null;
  }
  if (stored) {
    root.dataset.readingSize = stored;
  }
  document.querySelectorAll("[data-reading-size]").forEach(function (control) {
    var buttons = control.querySelectorAll("button[data-size]");
    function show(size) {
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.dataset.size === size));
      });
    }
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var size = button.dataset.size;
        root.dataset.readingSize = size;
        try {
          window.localStorage.setItem(KEY, size);
        } catch (error) {
          // Private windows may refuse storage; the size holds for this page.
        }
        show(size);
      });
    });
    show(root.dataset.readingSize || "medium");
    control.hidden = false;
  });
})();
