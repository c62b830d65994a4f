// After htmx swaps in the next question, move focus to it and announce it to screen readers.
document.addEventListener("htmx:afterSwap", function () {
  var target = document.querySelector("[data-autofocus]") || document.getElementById("current-question");
  var status = document.getElementById("sr-status");
  var label = document.querySelector("#current-question .question-label, #current-question h1");
  if (status && label) {
    status.textContent = label.textContent.trim();
  }
  if (target) {
    target.focus();
    target.scrollIntoView({ block: "nearest" });
  }
});
