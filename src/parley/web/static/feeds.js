// Feeds page: new stories appear as the watcher stores them (polls /api/feeds/stories).
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  var list = document.getElementById("feed-stories");
  if (!list) return;
  var live = document.getElementById("feed-live");
  var since = list.getAttribute("data-since") || "";
  var every = parseInt(list.getAttribute("data-every") || "10000", 10);
  var shown = new Set();
  list.querySelectorAll("li[data-story]").forEach(function (li) { shown.add(li.getAttribute("data-story")); });

  function item(s) {
    // Built node by node: titles come from the web and are never parsed as HTML.
    var li = document.createElement("li");
    li.className = "fresh";
    li.setAttribute("data-story", s.story_id);
    var t = document.createElement("time");
    t.textContent = s.seen;
    var a = document.createElement("a");
    a.href = "/stories/" + encodeURIComponent(s.story_id);
    a.textContent = s.title || s.story_id;
    var note = document.createElement("span");
    note.className = "note";
    note.textContent = " " + s.feed + " · " + s.n_events + " events";
    li.append(t, " ", a, note);
    return li;
  }

  function poll() {
    var url = "/api/feeds/stories?limit=50" + (since ? "&since=" + encodeURIComponent(since) : "");
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (data) {
        var items = (data.items || []).filter(function (s) { return !shown.has(s.story_id); });
        if (!items.length) return;
        var none = list.querySelector(".none");
        if (none) none.remove();
        for (var i = items.length - 1; i >= 0; i--) {
          shown.add(items[i].story_id);
          list.prepend(item(items[i]));
        }
        since = items[0].seen;
        if (live) live.textContent = items.length + " new at " + new Date().toLocaleTimeString();
      })
      .catch(function () {});
  }
  setInterval(poll, every);
});
