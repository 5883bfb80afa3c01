// Reloads a page that waits for background work: the element carrying data-refresh-seconds says how often.
// A file, not an inline script, because the pages' Content-Security-Policy allows only script-src 'self'.
(function () {
  "use strict";
  var el = document.querySelector("[data-refresh-seconds]");
  if (!el) {
    return;
  }
  var seconds = Number(el.getAttribute("data-refresh-seconds")) || 2;
  window.setTimeout(function () {
    window.location.reload();
  }, seconds * 1000);
})();
