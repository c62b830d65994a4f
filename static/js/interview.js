// Once htmx has swapped in the next question and settled it (its own [autofocus] handling runs
// then), move focus to it and announce it to screen readers: nothing moves the focus afterwards.
document.addEventListener("htmx:afterSettle", function () {
  var target = document.querySelector("[data-autofocus]") || document.getElementById("current-question");
  var status = document.getElementById("sr-status");
  var label = document.querySelector("#current-question .question-label, #current-question h1");
  var notice = document.querySelector("#chat .notice");
  if (status && label) {
    status.textContent = (notice ? notice.textContent.trim() + " " : "") + label.textContent.trim();
  }
  if (target) {
    target.focus();
    target.scrollIntoView({ block: "nearest" });
  }
  addCounters();
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

// A live character count near the length limit. Nothing is cut: an answer over the limit stays
// as typed (or pasted), the count says by how much it is over, and the server's message explains
// it again if it is sent anyway.
var COUNTER_FROM = 0.8;

function formatNumber(n) {
  return n.toLocaleString("en");
}

function updateCounter(textarea, announce) {
  var counter = document.getElementById(textarea.id + "-count");
  var limit = parseInt(textarea.getAttribute("data-max-length"), 10);
  if (!counter || !limit) {
    return;
  }
  var length = textarea.value.length;
  var wasOver = counter.classList.contains("over");
  var over = length > limit;
  if (over) {
    counter.textContent = formatNumber(length) + " characters, " + formatNumber(length - limit) +
      " over the limit of " + formatNumber(limit) + ". Nothing was cut: please shorten your answer before sending it.";
  } else if (length >= limit * COUNTER_FROM) {
    counter.textContent = formatNumber(length) + " of " + formatNumber(limit) + " characters";
  } else {
    counter.textContent = "";
  }
  counter.classList.toggle("over", over);
  var status = document.getElementById("sr-status");
  if (announce && status && over !== wasOver) {
    status.textContent = over ? counter.textContent : "Your answer is within the limit now.";
  }
}

function addCounters() {
  document.querySelectorAll("textarea[data-max-length]").forEach(function (textarea) {
    var id = textarea.id + "-count";
    if (!document.getElementById(id)) {
      var counter = document.createElement("p");
      counter.id = id;
      counter.className = "char-count";
      textarea.insertAdjacentElement("afterend", counter);
      var described = textarea.getAttribute("aria-describedby");
      textarea.setAttribute("aria-describedby", described ? described + " " + id : id);
    }
    updateCounter(textarea, false);
  });
}

document.addEventListener("input", function (event) {
  if (event.target.matches && event.target.matches("textarea[data-max-length]")) {
    updateCounter(event.target, true);
  }
});

addCounters();
