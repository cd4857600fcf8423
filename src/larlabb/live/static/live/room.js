// The room's start page follows the facilitator: when they show an activity, the phone opens it.
// The presenter link's waiting screen (data-reload) loads itself again, which shows the activity.
import { Socket } from "../core/socket.js";

const region = document.getElementById("room-follow");
if (region) {
  const key = region.dataset.key;
  new Socket(region.dataset.roomSocket, {
    query: key ? { key: key } : {},
    onForbidden: () => {
      if (key) window.location.reload(); // the presenter link was stopped or replaced
    },
    onMessage: (message) => {
      if (message.room && message.room.removed) window.location.reload(); // the page says why
      const current = message.room && message.room.current;
      if (!current) return;
      if (region.dataset.reload) window.location.reload();
      else window.location.assign(region.dataset.activityUrl + current + "/");
    },
  }).connect();
}
