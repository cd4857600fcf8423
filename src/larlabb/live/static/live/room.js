// The room's start page follows the facilitator: when they show an activity, the phone opens it.
(function () {
  "use strict";
  const region = document.getElementById("room-follow");
  if (!region || !window.WebSocket) return;
  const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  let delay = 1000;
  function connect() {
    const socket = new WebSocket(scheme + window.location.host + region.dataset.roomSocket);
    socket.addEventListener("open", () => { delay = 1000; });
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      if (message.room && message.room.current) {
        window.location.assign(region.dataset.activityUrl + message.room.current + "/");
      }
    });
    socket.addEventListener("close", (event) => {
      if (event.code === 4403) return;
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10000);
    });
  }
  connect();
})();
