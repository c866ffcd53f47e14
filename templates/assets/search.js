// Client-side search over window.SPECNOTES_SEARCH (assets/search-index.js, built by specnotes).
// Results are built with textContent only, so no indexed text is ever read as HTML.
(function () {
  "use strict";
  var index = window.SPECNOTES_SEARCH || [];
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var form = document.getElementById("search-form");
  if (!input || !results || !status) return;
  var root = document.body.getAttribute("data-root") || "";
  var LIMIT = 100;

  var prepared = index.map(function (entry) {
    var title = entry.title.toLowerCase();
    var rest = [entry.text, entry.tickets.join(" "), entry.pages.join(" "), entry.profiles.join(" "),
      entry.capabilities.join(" "), entry.version].join(" ").toLowerCase();
    return { entry: entry, title: title, all: title + " " + rest, tickets: entry.tickets.join(" ").toLowerCase() };
  });

  function score(item, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var word = words[i];
      if (item.all.indexOf(word) < 0) return 0;
      total += 1;
      if (item.title.indexOf(word) >= 0) total += 3;
      if (item.tickets.indexOf(word) >= 0) total += 5;
    }
    return total;
  }

  function snippet(text) {
    return text.length > 220 ? text.slice(0, 217) + "…" : text;
  }

  function show(query) {
    var words = query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
    results.textContent = "";
    if (words.length === 0) {
      status.textContent = index.length + " changes indexed. Type to search.";
      return;
    }
    var hits = [];
    prepared.forEach(function (item, position) {
      var s = score(item, words);
      if (s > 0) hits.push({ item: item, score: s, position: position });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.position - b.position; });
    status.textContent = hits.length === 0 ? "No change matches “" + query + "”."
      : hits.length + " change" + (hits.length === 1 ? "" : "s") + " match" + (hits.length === 1 ? "es" : "") +
        (hits.length > LIMIT ? "; the first " + LIMIT + " are shown." : ".");
    hits.slice(0, LIMIT).forEach(function (hit) {
      var entry = hit.item.entry;
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + entry.href;
      link.textContent = entry.title;
      li.appendChild(link);
      var meta = document.createElement("span");
      meta.className = "muted";
      var facts = ["release " + entry.version].concat(entry.tickets, entry.capabilities);
      meta.textContent = " (" + facts.join("; ") + ")";
      li.appendChild(meta);
      if (entry.text) {
        var text = document.createElement("span");
        text.className = "snippet";
        text.textContent = snippet(entry.text);
        li.appendChild(text);
      }
      results.appendChild(li);
    });
  }

  document.documentElement.className += " js";
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) input.value = initial;
  input.addEventListener("input", function () { show(input.value); });
  if (form) form.addEventListener("submit", function (event) { event.preventDefault(); show(input.value); });
  show(input.value);
})();
