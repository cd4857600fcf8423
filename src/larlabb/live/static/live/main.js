// The live room on a phone, the facilitator's screen and the projector. The page carries the
// activity's state (with the number of its last event); the socket brings every later event in
// order, comes back by itself after a lost connection, and keeps what a person submits until
// the server confirms it (core/socket.js). Each kind of activity draws itself in a module of
// its own, from the <template> markup of live/_templates.html.
//
// What a person is using is never taken from them: the modules update the elements they made
// rather than making them again, and when an element that had the focus had to move or give
// way, the focus goes back to it (or to the element it names in data-focus-else) by its id.
// One polite status region tells the person what they did and what changed in the room; a
// refusal stays in the alert region until the next success. "Pause updates" holds the room's
// changes back (the person's own actions still show), kept for the person in this browser.
import { BEHIND, Socket } from "../core/socket.js";
import * as board from "./board.js";
import * as cases from "./cases.js";
import { hasDraft, renderCompose } from "./compose.js";
import { renderControls } from "./controls.js";
import { fmt, setText, show } from "./dom.js";
import * as foresight from "./foresight.js";
import * as opinions from "./opinions.js";
import { pager, refit, renderPresenter } from "./presenter.js";
import { Live } from "./state.js";
import { Timer } from "./timer.js";
import * as votes from "./votes.js";

const KINDS = {
  board: board,
  perspectives: board,
  dot_voting: votes,
  poll: votes,
  ranking: votes,
  case_dialogue: cases,
  breakout: cases,
  foresight: foresight,
  opinions: opinions,
};

/** The switches of an activity whose change the room is told of, in the order said. */
const TOLD = ["status", "locked", "voting_open", "revealed", "participants_group"];
const PAUSE_KEY = "larlabb.live.paused";
const NEW_NOTES_WAIT = 3000;
const ANNOUNCED_FOR = 8000;

const root = document.getElementById("live");
if (root) start(root);

function start(root) {
  const data = (id) => JSON.parse(document.getElementById(id).textContent);
  const config = data("live-config");
  const errorBox = document.getElementById("live-error");
  const connectionBox = document.getElementById("live-connection");
  const announceBox = document.getElementById("live-announce");
  const followBox = document.getElementById("live-follow");
  const pauseButton = document.getElementById("live-pause");
  const query = config.query || {};
  const part = (name) => root.querySelector(":scope > [data-part='" + name + "']");
  let scheduled = false;
  let forced = false;
  let refetching = null;
  let tallyStamp = 0;
  let held = 0;
  let paused = !config.projector && remembered(PAUSE_KEY) === "yes";
  const arrived = new Set();
  let arrivedTimer = null;
  let announceTimer = null;

  const live = new Live(config, data("live-strings"), data("live-state"), {
    send: (op, payload) => socket.submit(op, payload),
    schedule: schedule,
    error: showError,
    announce: announce,
    connected: () => socket.isOpen,
  });
  let told = flags(live.activity);
  const socket = new Socket(config.socket, {
    since: live.state.seq,
    query: query,
    http: config.op,
    onEvent: (message) => {
      if (paused) held += 1; // a change held back while the person has paused
      if (message.kind === "note" && !live.note(message.data.id)) noteArrived(message.data.id);
      if (live.apply(message.kind, message.data)) schedule();
      else refetch(message.kind === "state" && !live.facilitator ? Math.random() * 800 : 0);
      root.dataset.seq = String(socket.seq);
    },
    onMessage: receive,
    onForbidden: () => {
      if (query.key) window.location.reload(); // the presenter link was stopped or replaced
    },
    onStatus: (open, again, code) => {
      root.dataset.connected = open ? "yes" : "no";
      setText(connectionBox, open ? "" : live.S.reconnecting);
      if (!open && again) announce(live.S.reconnecting);
      // results are not replayed: fetch them; screens that fell behind in a full room do so
      // spread over ten seconds, not all at once
      if (open && again) refetch(Math.random() * (code === BEHIND ? 10000 : 1000));
    },
  });
  const kind = KINDS[live.activity.kind] || board;
  live.presenterView = kind.presenterView; // a kind that draws its own big screen (opinions.js)
  const timer = new Timer(document.getElementById("live-timer"), live.S, announce);
  live.timerRunning = () => timer.running;
  live.refresh = (wait) => refetch(wait);
  timer.set(live.state.timer);

  function receive(message) {
    if (message.room) {
      const news = message.room;
      if ("current" in news) follow(news.current);
      if ("timer" in news) {
        live.state.timer = news.timer;
        timer.set(news.timer, { told: !news.quiet });
      }
      if ("pager" in news && config.projector) pager(news.pager);
      if (news.presenter && query.key) window.location.reload(); // a new link, or none
      if (news.removed) window.location.assign(config.roomUrl); // which says why
      if (news.shut) window.location.reload(); // no longer for guests: the room's page says so
    } else if (message.kind === "tally") {
      if (message.stamp < tallyStamp) return;
      tallyStamp = message.stamp;
      if (paused) held += 1;
      if (message.data.opinions) {
        kind.mapChanged?.(live); // the map is fetched, not sent with every answer
        return;
      }
      if (message.data.spread) live.state.spread = message.data.spread;
      live.state.totals = message.data.totals;
      live.state.voters = message.data.voters;
      schedule();
    }
  }

  /** The facilitator shows another activity: go there, unless the person has something
   * unsent here; then offer the way there and keep what they wrote. */
  function follow(current) {
    if (!config.follow || !current || current === config.activity) return;
    const url = config.activityUrl.replace("/0/", "/" + current + "/");
    if (!hasDraft(part("compose")) && !root.querySelector("[data-unsaved]")) {
      window.location.assign(url);
      return;
    }
    const link = followBox.querySelector("a");
    link.href = url;
    show(followBox, true);
    announce(live.S.otherActivityShown);
  }

  function refetch(wait) {
    if (refetching) return;
    refetching = window.setTimeout(() => {
      const search = new URLSearchParams(query).toString();
      const url = config.state + (search ? "?" + search : "");
      fetch(url, { credentials: "same-origin" })
        .then((response) => {
          // no longer allowed to see it: the page, loaded again, says why (and where to go)
          if (response.status === 403 && !query.key) window.location.reload();
          return response.json();
        })
        .then((fresh) => {
          refetching = null;
          live.load(fresh);
          timer.set(fresh.timer);
          socket.resync(fresh.seq);
          schedule();
        })
        .catch(() => {
          refetching = null;
          refetch(2000);
        });
    }, wait || 0);
  }

  /** A refusal, shown until the next success (an empty text clears it). */
  function showError(message) {
    setText(errorBox, message || "");
  }

  /** Say `text` in the status region (again, if it is the same as last time). */
  function announce(text) {
    if (!text || config.projector) return;
    window.clearTimeout(announceTimer);
    announceBox.textContent = "";
    window.setTimeout(() => {
      announceBox.textContent = text;
    }, 60);
    announceTimer = window.setTimeout(() => {
      if (announceBox.textContent === text) announceBox.textContent = "";
    }, ANNOUNCED_FOR);
  }

  /** Notes by others are told together, a few seconds after the first: "3 new notes". */
  function noteArrived(id) {
    arrived.add(id);
    if (arrivedTimer) return;
    arrivedTimer = window.setTimeout(() => {
      arrivedTimer = null;
      const count = [...arrived].filter((n) => !live.mine.has(n) && live.note(n) && live.visible(live.note(n))).length;
      arrived.clear();
      if (count) announce(fmt(live.S.newNotes, { count }));
    }, NEW_NOTES_WAIT);
  }

  /** What changed in the activity's switches since the last time: told to the room. */
  function tellChanges() {
    const now = flags(live.activity);
    const said = [];
    for (const name of TOLD) {
      if (now[name] === told[name]) continue;
      const texts = live.S.changes[live.activity.kind === "foresight" && name === "voting_open" ? "rating_open" : name];
      if (texts && texts[String(now[name])]) said.push(texts[String(now[name])]);
    }
    told = now;
    if (said.length) announce(said.join(" "));
  }

  function schedule(own) {
    if (own) forced = true;
    if (scheduled) return;
    scheduled = true;
    window.requestAnimationFrame(() => {
      scheduled = false;
      render();
    });
  }

  function render() {
    const focused = document.activeElement;
    const focusId = focused && focused !== document.body ? focused.id : "";
    tellChanges();
    if (!config.projector) renderStatus();
    if (live.controlling) renderControls(live, part("controls"), kind);
    renderCompose(live, part("compose"), kind);
    if (config.projector) {
      renderPresenter(live, part("body"));
    } else if (paused && !forced) {
      // the room's changes wait (counted as they come) until the person resumes
    } else {
      kind.renderBody(live, part("body"));
      held = 0;
    }
    forced = false;
    renderPause();
    keepFocus(focusId);
  }

  function renderStatus() {
    const a = live.activity;
    const S = live.S;
    const bits = [S.status[a.status]];
    if (a.locked) bits.push(S.locked);
    if (a.accepts_votes && a.vote_mode === "dots" && live.state.me) {
      bits.push(fmt(S.dotsLeft, { left: a.dots - live.usedDots(), count: a.dots }));
    }
    if (live.state.totals && live.state.voters !== null) bits.push(fmt(S.voters, { count: live.state.voters }));
    if (a.revealed) bits.push(S.revealed);
    setText(part("status"), bits.join(" · "));
  }

  function renderPause() {
    if (!pauseButton) return;
    const label = paused ? (held ? fmt(live.S.resumeWith, { count: held }) : live.S.resume) : live.S.pause;
    setText(pauseButton, label);
  }

  if (pauseButton) {
    show(pauseButton, !config.projector);
    pauseButton.addEventListener("click", () => {
      paused = !paused;
      remember(PAUSE_KEY, paused ? "yes" : "");
      announce(paused ? live.S.pausedNow : live.S.resumedNow);
      schedule(true);
    });
  }

  if (config.projector) {
    let resizing = null;
    const later = () => {
      window.clearTimeout(resizing);
      resizing = window.setTimeout(refit, 200);
    };
    window.addEventListener("resize", later);
    // the countdown shown or gone takes or gives back room above the activity: fit it again
    new ResizeObserver(later).observe(document.getElementById("live-timer"));
  }
  forced = true; // the first drawing shows the activity, paused or not
  render();
  socket.connect();
  root.dataset.ready = "yes";
}

function flags(activity) {
  return Object.fromEntries(TOLD.map((name) => [name, activity[name]]));
}

function usable(element) {
  return Boolean(element) && element.isConnected && !element.disabled && element.getClientRects().length > 0;
}

/** Put the focus back on the element that had it, when drawing took it away. */
function keepFocus(id) {
  if (!id || usable(document.activeElement) && document.activeElement !== document.body) return;
  let element = document.getElementById(id);
  for (let hops = 0; hops < 3 && element && !usable(element); hops += 1) {
    element = element.dataset.focusElse ? document.getElementById(element.dataset.focusElse) : null;
  }
  if (usable(element)) element.focus({ preventScroll: true });
}

function remembered(key) {
  try {
    return window.localStorage.getItem(key) || "";
  } catch {
    return "";
  }
}

function remember(key, value) {
  try {
    if (value) window.localStorage.setItem(key, value);
    else window.localStorage.removeItem(key);
  } catch {
    /* without storage the choice lasts as long as the page */
  }
}
