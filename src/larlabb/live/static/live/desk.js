// The facilitator's desk runs the day: the previous and the next activity (shown on the big
// screen and the phones, and this page follows), the room's timer, the big screen's pages, and
// keyboard shortcuts for them. The shortcuts are single letters, so they act only when no field
// has the focus, and a person can turn them off (WCAG 2.1.4); the choice is kept in this
// browser.
import { fmt, setText, show } from "./dom.js";

const SHORTCUTS_KEY = "larlabb.desk.shortcuts";

export function wireDesk(live, box) {
  const desk = box.querySelector("[data-slot='desk']");
  if (!desk) return;
  const S = live.S;
  const sequence = live.config.sequence || [];
  const here = sequence.findIndex(([id]) => id === live.activity.id);
  for (const button of desk.querySelectorAll("[data-step]")) {
    const target = sequence[here + Number(button.dataset.step)];
    show(button, Boolean(target));
    if (!target) continue;
    const [id, title] = target;
    setText(button, fmt(Number(button.dataset.step) > 0 ? S.nextActivity : S.previousActivity, { title }));
    button.addEventListener("click", () => {
      live.send("present", { activity: id }, { done: fmt(S.nowShown, { title }) }).then((reply) => {
        if (reply.ok) window.location.assign(live.config.controlUrl.replace("/0/", "/" + id + "/"));
      });
    });
  }
  const minutes = desk.querySelector("#desk-minutes");
  const start = () => {
    const value = Number(minutes.value);
    if (!Number.isFinite(value) || value <= 0) {
      live.error(S.timerMinutes);
      minutes.focus();
      return;
    }
    live.send("timer.start", { seconds: Math.round(value * 60) });
  };
  desk.querySelector("#desk-timer-start").addEventListener("click", start);
  desk.querySelector("#desk-timer-stop").addEventListener("click", () => live.send("timer.stop", {}));
  for (const button of desk.querySelectorAll("[data-pager]")) {
    button.addEventListener("click", () => {
      live.send("presenter.page", { command: button.dataset.pager }, { done: button.dataset.done || S.saved });
    });
  }
  const toggle = desk.querySelector("#desk-shortcuts");
  toggle.checked = stored() !== "off";
  toggle.addEventListener("change", () => store(toggle.checked ? "" : "off"));
  const click = (id) => {
    const button = document.getElementById(id);
    if (button && !button.hidden && !button.disabled) button.click();
  };
  document.addEventListener("keydown", (event) => {
    if (!toggle.checked || event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    const action = {
      n: () => click("desk-next"),
      p: () => click("desk-previous"),
      r: () => click("switch-revealed"),
      l: () => click("switch-locked"),
      v: () => click("control-present"),
      t: () => (live.state.timer && live.timerRunning() ? live.send("timer.stop", {}) : start()),
    }[event.key.toLowerCase()];
    if (!action) return;
    event.preventDefault();
    action();
  });
}

function stored() {
  try {
    return window.localStorage.getItem(SHORTCUTS_KEY) || "";
  } catch {
    return "";
  }
}

function store(value) {
  try {
    if (value) window.localStorage.setItem(SHORTCUTS_KEY, value);
    else window.localStorage.removeItem(SHORTCUTS_KEY);
  } catch {
    /* without storage the choice lasts as long as the page */
  }
}
