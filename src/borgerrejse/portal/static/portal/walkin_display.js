// The waiting-area display: fetch the page again every few seconds and swap in the
// live part. A button stops and starts it (WCAG 2.2.1: timing the user can turn off).
(function () {
  var live = document.getElementById("walkin-live");
  var toggle = document.getElementById("walkin-refresh-toggle");
  if (!live || !toggle) return;
  var seconds = parseInt(live.getAttribute("data-refresh-seconds"), 10) || 15;
  var timer = null;

  function refresh() {
    fetch(window.location.href, { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("walkin-live");
        if (fresh) live.innerHTML = fresh.innerHTML;
      })
      .catch(function () {});
  }

  function start() {
    timer = window.setInterval(refresh, seconds * 1000);
    toggle.textContent = toggle.getAttribute("data-stop");
  }

  function stop() {
    window.clearInterval(timer);
    timer = null;
    toggle.textContent = toggle.getAttribute("data-start");
  }

  toggle.hidden = false;
  toggle.addEventListener("click", function () { if (timer) { stop(); } else { start(); } });
  start();
})();
