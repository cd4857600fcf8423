// The live room on a phone, the facilitator's screen and the projector. The page carries the
// activity's state (with the number of its last event); the socket brings every later event in
// order, comes back by itself after a lost connection, and keeps what a person submits until
// the server confirms it (core/socket.js). Each kind of activity draws itself in a module of
// its own, from the <template> markup of live/_templates.html.
import { Socket } from "../core/socket.js";
import * as board from "./board.js";
import * as cases from "./cases.js";
import { renderCompose } from "./compose.js";
import { renderControls } from "./controls.js";
import { fmt, setText } from "./dom.js";
import * as foresight from "./foresight.js";
import { Live } from "./state.js";
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
};

const root = document.getElementById("live");
if (root) start(root);

function start(root) {
  const data = (id) => JSON.parse(document.getElementById(id).textContent);
  const config = data("live-config");
  const errorBox = document.getElementById("live-error");
  const connectionBox = document.getElementById("live-connection");
  const part = (name) => root.querySelector(":scope > [data-part='" + name + "']");
  let scheduled = false;
  let refetching = null;
  let tallyStamp = 0;

  const live = new Live(config, data("live-strings"), data("live-state"), {
    send: (op, payload) => socket.submit(op, payload),
    schedule: schedule,
    error: showError,
    saved: showSaved,
  });
  const socket = new Socket(config.socket, {
    since: live.state.seq,
    query: config.projector ? { projector: 1 } : {},
    http: config.op,
    onEvent: (message) => {
      if (live.apply(message.kind, message.data)) schedule();
      else refetch(message.kind === "state" && !live.facilitator ? Math.random() * 800 : 0);
      root.dataset.seq = String(socket.seq);
    },
    onMessage: receive,
    onStatus: (open, again) => {
      root.dataset.connected = open ? "yes" : "no";
      connectionBox.textContent = open ? "" : live.S.reconnecting;
      if (open && again) refetch(Math.random() * 1000); // results are not replayed: fetch them
    },
  });
  const kind = KINDS[live.activity.kind] || board;

  function receive(message) {
    if (message.room) {
      follow(message.room.current);
    } else if (message.kind === "tally") {
      if (message.stamp < tallyStamp) return;
      tallyStamp = message.stamp;
      live.state.totals = message.data.totals;
      live.state.voters = message.data.voters;
      schedule();
    }
  }

  function follow(current) {
    if (!config.follow || !current || current === config.activity) return;
    window.location.assign(config.activityUrl.replace("/0/", "/" + current + "/"));
  }

  function refetch(wait) {
    if (refetching) return;
    refetching = window.setTimeout(() => {
      const url = config.state + (config.projector ? "?projector=1" : "");
      fetch(url, { credentials: "same-origin" })
        .then((response) => response.json())
        .then((fresh) => {
          refetching = null;
          live.load(fresh);
          socket.resync(fresh.seq);
          schedule();
        })
        .catch(() => {
          refetching = null;
          refetch(2000);
        });
    }, wait || 0);
  }

  function showError(message) {
    errorBox.textContent = message || "";
    if (!message) return;
    window.setTimeout(() => {
      if (errorBox.textContent === message) errorBox.textContent = "";
    }, 8000);
  }

  function showSaved() {
    const text = live.S.saved;
    connectionBox.textContent = text;
    window.setTimeout(() => {
      if (connectionBox.textContent === text) connectionBox.textContent = "";
    }, 3000);
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    window.requestAnimationFrame(() => {
      scheduled = false;
      render();
    });
  }

  function render() {
    renderStatus();
    if (live.controlling) renderControls(live, part("controls"), kind);
    renderCompose(live, part("compose"), kind);
    kind.renderBody(live, part("body"));
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

  render();
  socket.connect();
  root.dataset.ready = "yes";
}
