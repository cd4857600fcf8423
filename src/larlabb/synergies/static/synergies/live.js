// Results that fill in as scores arrive: the server says over a WebSocket that there are new
// scores, and the page fetches the fresh results with htmx, at most once a second.
(function () {
  "use strict";
  const region = document.querySelector("[data-live-socket]");
  if (!region || !window.WebSocket) return;
  const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  let pending = null;
  let delay = 1000;

  function refresh() {
    pending = null;
    htmx.ajax("GET", region.dataset.liveUrl, { target: region, swap: "innerHTML" });
  }

  function connect() {
    const socket = new WebSocket(scheme + window.location.host + region.dataset.liveSocket);
    socket.addEventListener("open", function () { delay = 1000; region.dataset.live = "open"; });
    socket.addEventListener("message", function () {
      if (pending === null) pending = window.setTimeout(refresh, 1000);
    });
    socket.addEventListener("close", function (event) {
      region.dataset.live = "closed";
      if (event.code === 4403) return;
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }
  connect();
})();
