// Copies a rendered block as rich text, so the 公众号 editor keeps its styles.
document.querySelectorAll("[data-copy-target]").forEach(function (button) {
  button.addEventListener("click", function () {
    var source = document.getElementById(button.dataset.copyTarget);
    var status = document.querySelector("[data-copy-status]");
    var selection = window.getSelection();
    var range = document.createRange();
    range.selectNodeContents(source);
    selection.removeAllRanges();
    selection.addRange(range);
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    if (status) {
      status.textContent = copied ? "✓" : "Ctrl+C";
    }
  });
});
