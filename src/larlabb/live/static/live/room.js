// The room's start page follows the facilitator: when they show an activity, the phone opens it.
import { Socket } from "../core/socket.js";

const region = document.getElementById("room-follow");
if (region) {
  new Socket(region.dataset.roomSocket, {
    onMessage: (message) => {
      if (message.room && message.room.current) {
        window.location.assign(region.dataset.activityUrl + message.room.current + "/");
      }
    },
  }).connect();
}
