// Buttons marked data-print print the page: a file, not an inline handler,
// so the Content-Security-Policy can forbid inline script.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () {
    window.print();
  });
});
