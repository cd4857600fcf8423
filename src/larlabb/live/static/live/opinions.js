// The opinion map (Åsiktskarta): each person answers the statements one at a time (agree,
// disagree, pass) and may change an answer; they may propose a statement of their own, which
// waits for the facilitator's approval (the facilitator's list shows it with a Show button).
// The map itself is drawn on the server (live/_opinion_map.html) and fetched as a fragment
// when the results are visible: after each change of the state, and on the facilitator's
// screen and the big screen when an answer changes it (a "tally"), at most every two seconds.
import { noteForm } from "./compose.js";
import { clone, fmt, keyed, place, section, setText, show, slots } from "./dom.js";
import { card } from "./notes.js";

const MAP_EVERY = 2000; // milliseconds between two fetches of the map by one screen
const ANSWERS = [["agree", 1], ["disagree", -1], ["pass", 0]];

const map = { html: "", key: null, loading: false, again: false, at: 0 };

export function statements(live) {
  return live.state.notes.filter((n) => !n.hidden && !n.merged_into && !n.case);
}

/** The facilitator adds statements; a participant answers them, one at a time, and may
 * propose one (the card to answer comes first: it is what the person is here for). */
export function forms(live) {
  const S = live.S.opinions;
  if (live.facilitator) {
    return [noteForm(live, { name: "statement", legend: S.addStatement, label: S.statement, sent: S.statementAdded })];
  }
  const after = (reply, text) => {
    const waiting = live.state.opinions.waiting;
    if (!waiting.some((w) => w.id === reply.note)) waiting.push({ id: reply.note, text });
  };
  const propose = noteForm(live, {
    name: "statement", legend: S.proposeStatement, label: S.statement, sent: S.statementSent, after,
  });
  return [answerCard(live), propose];
}

export function renderBody(live, body) {
  if (live.controlling) renderModeration(live, body);
  else if (live.state.me) {
    renderMyAnswers(live, body, statements(live));
    renderWaiting(live, body);
  }
  renderMap(live, body);
}

/** The map changed (an answer): fetch it again, at most every two seconds. */
export function mapChanged(live) {
  if (live.state.opinions.shown) load(live, true);
}

// --- Answering ------------------------------------------------------------------------------

function answerName(live, value) {
  return live.S.opinions.answers[String(value)];
}

/** The statement to answer now: the one the person chose to change, else the first not
 * answered yet (null when every statement is answered). */
function current(live, list) {
  const mine = live.state.opinions.mine;
  const chosen = list.find((n) => n.id === live.answering);
  if (chosen) return chosen;
  live.answering = null;
  return list.find((n) => !(n.id in mine)) || null;
}

function answerCard(live) {
  const box = clone("answer");
  const part = slots(box);
  for (const [name, value] of ANSWERS) {
    part[name].id = "answer-" + name;
    part[name].addEventListener("click", () => answer(live, box.dataset.statement, value));
  }
  box.refresh = () => renderCard(live, box);
  return box;
}

function renderCard(live, box) {
  const S = live.S.opinions;
  const mine = live.state.opinions.mine;
  const list = statements(live);
  const part = slots(box);
  const now = current(live, list);
  const answered = list.filter((n) => n.id in mine).length;
  box.dataset.statement = now ? String(now.id) : "";
  if (now) {
    setText(part.heading, fmt(S.statementOf, { number: list.indexOf(now) + 1, count: list.length }));
    setText(part.text, now.text);
    if (live.config.contentLang) part.text.lang = live.config.contentLang;
    for (const [name, value] of ANSWERS) {
      part[name].setAttribute("aria-pressed", mine[now.id] === value ? "true" : "false");
    }
  } else {
    setText(part.heading, list.length ? S.allAnswered : S.noStatements);
  }
  setText(part.progress, fmt(S.answeredOf, { answered, count: list.length }));
  show(part.text, Boolean(now));
  show(part.buttons, Boolean(now));
}

/** Send an answer; once saved, say so and what comes next (the card shows it now: a screen
 * reader hears the next statement without looking for it). */
function answer(live, id, value) {
  if (!id) return;
  const S = live.S.opinions;
  const statement = Number(id);
  live.send("answer", { statement, value }).then((reply) => {
    if (!reply.ok) return;
    live.state.opinions.mine[statement] = value;
    live.answering = null;
    const next = current(live, statements(live));
    const saved = fmt(S.answerSaved, { answer: answerName(live, value) });
    live.announce(saved + " " + (next ? fmt(S.nextStatement, { text: next.text }) : S.allAnswered));
    live.schedule();
  });
}

/** What the person has answered, each with a button to change it (it comes back to the card). */
function renderMyAnswers(live, body, list) {
  const mine = live.state.opinions.mine;
  const done = list.filter((n) => n.id in mine);
  const holder = section(body, "my-answers", fmt(live.S.opinions.yourAnswers, { count: done.length }), 2);
  holder.classList.add("plain", "my-answers");
  show(holder.parentElement, done.length > 0);
  place(holder, done.map((note) => {
    const item = keyed(holder, "mine-" + note.id, () => {
      const made = clone("my-answer");
      const part = slots(made);
      part.change.id = "change-" + note.id;
      part.change.addEventListener("click", () => {
        live.answering = note.id;
        live.schedule();
        window.requestAnimationFrame(() => document.getElementById("h-answer")?.focus());
      });
      return made;
    });
    const part = slots(item);
    setText(part.text, note.text);
    if (live.config.contentLang) part.text.lang = live.config.contentLang;
    setText(part.answer, answerName(live, mine[note.id]));
    part.change.setAttribute("aria-label", fmt(live.S.opinions.changeAnswer, { text: note.text }));
    show(part.change, live.activity.status === "open");
    return item;
  }));
}

/** One's own statements that wait for approval: only the person and the facilitators see them. */
function renderWaiting(live, body) {
  const waiting = live.state.opinions.waiting.filter((w) => {
    const note = live.note(w.id);
    return !note || note.hidden; // an approved one is among the statements now
  });
  const holder = section(body, "waiting", live.S.opinions.waitingForApproval, 2);
  holder.classList.add("plain");
  show(holder.parentElement, waiting.length > 0);
  place(holder, waiting.map((w) => {
    const item = keyed(holder, "waiting-" + w.id, () => document.createElement("li"));
    setText(item, w.text);
    if (live.config.contentLang) item.lang = live.config.contentLang;
    return item;
  }));
}

// --- The facilitator's statements -----------------------------------------------------------

function renderModeration(live, body) {
  const all = live.state.notes.filter((n) => !n.case && !n.merged_into);
  const waiting = all.filter((n) => n.hidden);
  const shown = all.filter((n) => !n.hidden);
  const pending = section(body, "pending", fmt(live.S.opinions.awaitingApproval, { count: waiting.length }), 2);
  place(pending, waiting.map((note) => card(live, note)));
  const list = section(body, "statements", fmt(live.S.opinions.statementsShown, { count: shown.length }), 2);
  place(list, shown.map((note) => card(live, note)));
}

// --- The map --------------------------------------------------------------------------------

function load(live, force) {
  const key = live.state.seq;
  if (!force && map.key === key) return;
  if (map.loading) {
    map.again = true;
    return;
  }
  map.loading = true;
  window.setTimeout(() => {
    const query = new URLSearchParams({ ...(live.config.query || {}), part: "map" });
    fetch(live.config.opinionMap + "?" + query, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : Promise.reject(new Error(String(response.status)))))
      .then((html) => {
        map.html = html;
        map.key = key;
      })
      .catch(() => {
        /* tried again at the next change, or after the pause */
      })
      .finally(() => {
        map.loading = false;
        map.at = Date.now();
        live.schedule();
        if (map.again) {
          map.again = false;
          load(live, true);
        }
      });
  }, Math.max(0, map.at + MAP_EVERY - Date.now()));
}

/** The fetched map as elements (the server's own markup, escaped there). */
export function mapNode(live) {
  if (!live.state.opinions.shown) return null;
  load(live, false);
  if (!map.html) return null;
  const node = document.createElement("div");
  node.className = "opinion-holder";
  node.append(document.createRange().createContextualFragment(map.html));
  return node;
}

function renderMap(live, body) {
  let box = body.querySelector(":scope > .opinion-results");
  if (!box) {
    box = clone("opinion-results");
    slots(box).link.href = live.config.opinionMap;
    body.append(box);
  }
  const part = slots(box);
  const shown = Boolean(live.state.opinions.shown);
  show(box, shown);
  if (!shown) return;
  load(live, false);
  if (map.html && part.map.dataset.html !== String(map.at)) {
    part.map.dataset.html = String(map.at);
    const node = mapNode(live);
    part.map.replaceChildren(...(node ? node.childNodes : []));
  }
  show(part.loading, !map.html);
}

/** The big screen: the map once its results show (drawn on the server); its statements
 * before, in pages when they do not fit. */
export function presenterView(live) {
  const node = mapNode(live);
  if (node) return node;
  const S = live.S.opinions;
  const list = statements(live);
  const box = document.createElement("div");
  box.className = "pcol";
  const heading = document.createElement("h2");
  heading.textContent = S.statements + " (" + list.length + ")";
  const page = document.createElement("p");
  page.className = "ppage";
  const items = document.createElement("ul");
  items.className = "pnotes";
  items.dataset.pager = "yes";
  for (const note of list) {
    const item = document.createElement("li");
    item.className = "pnote";
    const text = document.createElement("p");
    text.className = "ptext";
    text.textContent = note.text;
    if (live.config.contentLang) text.lang = live.config.contentLang;
    item.append(text);
    items.append(item);
  }
  const later = document.createElement("p");
  later.className = "plater";
  later.textContent = S.mapLater;
  box.append(heading, page, items, later);
  return box;
}
