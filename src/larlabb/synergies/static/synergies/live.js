// Results that fill in as scores arrive: the server says over a WebSocket that there are new
// scores, and the page fetches the fresh results with htmx, at most once a second. A person
// can pause the updates (WCAG 2.2.2), kept in this browser; while paused the page says that
// new scores are waiting, and resuming fetches them. The element that had the focus gets it
// back after an update, by its id.
import { Socket } from "../core/socket.js";

const KEY = "larlabb.results.paused";
const region = document.querySelector("[data-live-socket]");
if (region) start(region);

function stored() {
  try {
    return window.localStorage.getItem(KEY) === "yes";
  } catch {
    return false;
  }
}

function store(paused) {
  try {
    if (paused) window.localStorage.setItem(KEY, "yes");
    else window.localStorage.removeItem(KEY);
  } catch {
    /* without storage the choice lasts as long as the page */
  }
}

function start(region) {
  const button = document.getElementById("results-pause");
  const status = document.getElementById("results-status");
  let paused = stored();
  let waiting = false;
  let pending = null;
  let focusId = "";

  const refresh = () => {
    pending = null;
    waiting = false;
    const focused = document.activeElement;
    focusId = focused && region.contains(focused) ? focused.id : "";
    window.htmx.ajax("GET", region.dataset.liveUrl, { target: region, swap: "innerHTML" });
  };
  region.addEventListener("htmx:afterSwap", () => {
    if (focusId) document.getElementById(focusId)?.focus({ preventScroll: true });
  });
  const draw = () => {
    button.textContent = paused ? button.dataset.resume : button.dataset.pause;
    status.textContent = paused && waiting ? status.dataset.waiting : "";
  };
  button.hidden = false;
  button.addEventListener("click", () => {
    paused = !paused;
    store(paused);
    if (!paused && waiting) refresh();
    draw();
  });
  draw();
  new Socket(region.dataset.liveSocket, {
    onStatus: (open) => {
      region.dataset.live = open ? "open" : "closed";
    },
    onMessage: () => {
      if (paused) {
        waiting = true;
        draw();
      } else if (pending === null) {
        pending = window.setTimeout(refresh, 1000);
      }
    },
  }).connect();
}
