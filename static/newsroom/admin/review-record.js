/* The 审稿单's print button; a static file, as the admin's pages allow no
 * inline script. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
