// The compare page's picker: any two releases of one product line, from the JSON export
// (window.SPECNOTES_RELEASES, assets/releases-data.js). Same rules as the pre-rendered pages:
// the changes of the releases after "from" up to "to", breaking first, by capability and by page.
// The DOM is built with textContent only.
(function () {
  "use strict";
  var data = window.SPECNOTES_RELEASES;
  var from = document.getElementById("compare-from");
  var to = document.getElementById("compare-to");
  var out = document.getElementById("compare-results");
  if (!data || !from || !to || !out) return;
  var root = document.body.getAttribute("data-root") || "";
  var releases = data.releases; // newest first

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function item(change) {
    var li = el("li");
    if (change.breaking) {
      li.appendChild(el("span", "Breaking", "badge badge-breaking"));
      li.appendChild(document.createTextNode(" "));
    }
    var link = el("a", change.title);
    link.href = root + change.page;
    li.appendChild(link);
    var tickets = change.tickets.map(function (t) { return t.text; });
    li.appendChild(el("span", " (" + [change.version].concat(tickets).join("; ") + ")", "muted"));
    return li;
  }

  function list(changes) {
    var ul = el("ul", undefined, "change-list");
    changes.forEach(function (c) { ul.appendChild(item(c)); });
    return ul;
  }

  function grouped(title, changes, keys) {
    var section = el("section");
    section.appendChild(el("h3", title));
    var groups = {};
    changes.forEach(function (c) {
      var names = keys(c);
      names.forEach(function (name) {
        (groups[name] = groups[name] || []).push(c);
      });
    });
    var names = Object.keys(groups).sort();
    if (names.length === 0) section.appendChild(el("p", "None.", "muted"));
    names.forEach(function (name) {
      section.appendChild(el("h4", name + " (" + groups[name].length + ")"));
      section.appendChild(list(groups[name]));
    });
    return section;
  }

  function update() {
    out.textContent = "";
    var a = releases.findIndex(function (r) { return r.page === from.value; });
    var b = releases.findIndex(function (r) { return r.page === to.value; });
    if (a < 0 || b < 0) return;
    var older = releases[a], newer = releases[b];
    if ((older.product || "") !== (newer.product || "")) {
      out.appendChild(el("p", "These releases belong to different product lines; pick two of the same line."));
      return;
    }
    if (a <= b) {
      out.appendChild(el("p", "Pick an older release to upgrade from than the one to upgrade to."));
      return;
    }
    var changes = [];
    for (var i = a - 1; i >= b; i--) {
      if ((releases[i].product || "") !== (older.product || "")) continue;
      releases[i].changes.forEach(function (c) {
        changes.push(Object.assign({ version: releases[i].version }, c));
      });
    }
    var breaking = changes.filter(function (c) { return c.breaking; });
    changes = breaking.concat(changes.filter(function (c) { return !c.breaking; }));
    out.appendChild(el("h2", "Upgrading from " + older.version + " to " + newer.version));
    out.appendChild(el("p", changes.length + " changes; " + breaking.length + " say they are breaking."));
    out.appendChild(el("h3", "Breaking changes"));
    out.appendChild(breaking.length ? list(breaking) : el("p", "None.", "muted"));
    out.appendChild(grouped("By capability", changes, function (c) {
      return c.affects.length ? c.affects.map(function (x) { return x.name; }) : ["(no capability named)"];
    }));
    out.appendChild(grouped("By page", changes, function (c) {
      return c.page_paths.filter(function (p, k, all) { return all.indexOf(p) === k; });
    }));
  }

  document.documentElement.className += " js";
  from.addEventListener("change", update);
  to.addEventListener("change", update);
  update();
})();
