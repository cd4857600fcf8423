// The room's countdown, started by the facilitator: shown on the projector, the desk and every
// phone. The server gives the seconds left when it sends it, so a screen's own clock does not
// matter. It is not a live region (a screen reader would read every second): its start and its
// end are said in the status region.
import { fmt, setText, show } from "./dom.js";

const SHOWN_AFTER_END = 5 * 60 * 1000; // as long as the server keeps an ended timer

export class Timer {
  /**
   * @param {HTMLElement} box the timer's element (with a [data-slot=time] inside)
   * @param {object} S the script's texts
   * @param {function} announce says a text in the status region
   */
  constructor(box, S, announce) {
    this.box = box;
    this.S = S;
    this.announce = announce;
    this.ends = null;
    this.ticking = null;
  }

  /** Show `data` ({left, total} in seconds, or null when there is none). */
  set(data, { told = false } = {}) {
    window.clearInterval(this.ticking);
    window.clearTimeout(this.hiding);
    this.ticking = null;
    if (!data) {
      this.ends = null;
      show(this.box, false);
      if (told) this.announce(this.S.timerStopped);
      return;
    }
    this.ends = Date.now() + data.left * 1000;
    this.total = data.total;
    show(this.box, true);
    if (told) this.announce(fmt(this.S.timerStarted, { time: clock(data.total) }));
    this.tick(false);
    if (data.left > 0) this.ticking = window.setInterval(() => this.tick(true), 250);
  }

  tick(live) {
    const left = Math.max(0, Math.ceil((this.ends - Date.now()) / 1000));
    const time = this.box.querySelector("[data-slot='time']");
    setText(time, left > 0 ? clock(left) : this.S.timeUp);
    this.box.classList.toggle("ending", left > 0 && left <= 30);
    this.box.classList.toggle("up", left === 0);
    if (left === 0) {
      window.clearInterval(this.ticking);
      this.ticking = null;
      if (live) this.announce(this.S.timeUp);
      // "time is up" stays as long as the server keeps the timer, five minutes
      const gone = this.ends + SHOWN_AFTER_END - Date.now();
      window.clearTimeout(this.hiding);
      this.hiding = window.setTimeout(() => show(this.box, false), Math.max(0, gone));
    }
  }

  get running() {
    return this.ends !== null && this.ends > Date.now();
  }
}

/** Seconds as m:ss (or h:mm:ss). */
export function clock(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n) => String(n).padStart(2, "0");
  return h ? h + ":" + two(m) + ":" + two(s) : m + ":" + two(s);
}
