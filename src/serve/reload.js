// specnotes serve: reloads the page after each rebuild and shows why a rebuild failed.
// Served from /__specnotes/reload.js (the site's Content-Security-Policy allows only
// scripts of its own origin, so nothing here is inline).
(function () {
  "use strict";
  var OVERLAY_ID = "specnotes-build-failure";

  function showFailure(text) {
    var overlay = document.getElementById(OVERLAY_ID);
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = OVERLAY_ID;
      overlay.setAttribute("role", "alert");
      var title = document.createElement("p");
      title.className = "specnotes-build-failure-title";
      title.textContent = "The last rebuild failed; this is the last good version of the site.";
      overlay.appendChild(title);
      overlay.appendChild(document.createElement("pre"));
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = text;
  }

  var events = new EventSource("/__specnotes/events");
  events.addEventListener("reload", function () {
    window.location.reload();
  });
  events.addEventListener("failed", function (event) {
    showFailure(event.data);
  });
})();
