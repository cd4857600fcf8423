// Results that fill in as scores arrive: the server says over a WebSocket that there are new
// scores, and the page fetches the fresh results with htmx, at most once a second.
import { Socket } from "../core/socket.js";

const region = document.querySelector("[data-live-socket]");
if (region) {
  let pending = null;
  const refresh = () => {
    pending = null;
    window.htmx.ajax("GET", region.dataset.liveUrl, { target: region, swap: "innerHTML" });
  };
  new Socket(region.dataset.liveSocket, {
    onStatus: (open) => {
      region.dataset.live = open ? "open" : "closed";
    },
    onMessage: () => {
      if (pending === null) pending = window.setTimeout(refresh, 1000);
    },
  }).connect();
}
