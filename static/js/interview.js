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

// The server could not save for a moment (503): keep the form and what was typed, and say so.
document.addEventListener("htmx:responseError", function (event) {
  if (event.detail.xhr.status !== 503) {
    return;
  }
  var page = new DOMParser().parseFromString(event.detail.xhr.responseText, "text/html");
  var message = page.querySelector(".unavailable-message");
  var form = document.querySelector("#chat form");
  if (!message || !form) {
    return;
  }
  var note = document.getElementById("unavailable-note") || document.createElement("p");
  note.id = "unavailable-note";
  note.className = "error";
  note.setAttribute("role", "alert");
  note.textContent = message.textContent.trim();
  form.insertBefore(note, form.querySelector(".actions"));
});
