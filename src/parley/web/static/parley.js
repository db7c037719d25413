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

  // Story page: the cards column scrolls on its own; as the text scrolls, the event being read is
  // marked, and the column brings its card into view.
  var column = document.querySelector(".story aside.cards");
  var triggers = Array.prototype.slice.call(document.querySelectorAll("#story-text mark.trigger[id^='t-']"));
  if (column && triggers.length) {
    var current = null;
    var follow = function () {
      // The event being read: the last trigger above the top third of the window; at the end of
      // the page, the last trigger in view (the text can scroll no further).
      var end = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 4;
      var line = end ? window.innerHeight : window.innerHeight / 3;
      var best = triggers[0];
      triggers.forEach(function (t) {
        if (t.getBoundingClientRect().top <= line) best = t;
      });
      if (!best) return;
      var card = document.getElementById("event-" + best.id.slice(2));
      if (!card || card === current) return;
      if (current) current.classList.remove("current");
      document.querySelectorAll("#story-text mark.trigger.current").forEach(function (m) { m.classList.remove("current"); });
      card.classList.add("current");
      best.classList.add("current");
      current = card;
      column.scrollTop = Math.max(card.offsetTop - 8, 0);
    };
    var pending = false;
    window.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; follow(); });
    }, { passive: true });
    follow();
  }

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
