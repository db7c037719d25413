// Parley: small progressive enhancements; every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  // Story page: pointing at an event card lights up its trigger in the text, and the reverse.
  document.querySelectorAll(".event-card").forEach(function (card) {
    var ref = card.getAttribute("data-ref");
    var trigger = document.getElementById("t-" + ref);
    if (!trigger) return;
    function on() { trigger.classList.add("active"); card.classList.add("active"); }
    function off() { trigger.classList.remove("active"); card.classList.remove("active"); }
    card.addEventListener("mouseenter", on);
    card.addEventListener("mouseleave", off);
    trigger.addEventListener("mouseenter", on);
    trigger.addEventListener("mouseleave", off);
  });

  // Filter forms: leave empty fields out of the URL, so links stay short and shareable.
  document.querySelectorAll("form.filters").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (el) {
        if (el.name && el.value === "") el.disabled = true;
      });
    });
  });
});

// Coming back to a page from the browser's cache: fields left out of the last submit are usable again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form.filters [disabled]").forEach(function (el) { el.disabled = false; });
});
