// Polls, dot votes and rankings: the options the facilitator set, chosen, dotted or put in
// order by each person; the totals (or a ranking's points) once the results are shown.
import { clone, fmt, place, section, setBar, setText, show, slots } from "./dom.js";
import { card } from "./notes.js";

export function renderBody(live, body) {
  if (live.activity.kind === "ranking") renderRanking(live, body);
  else renderOptions(live, body);
}

function largestTotal(live, notes) {
  return Math.max(0, ...notes.map((n) => live.total(n) || 0));
}

/** A poll's or a dot vote's options, each a card; a poll's with its choice and its bar. */
function renderOptions(live, body) {
  const a = live.activity;
  const options = live.options();
  const largest = largestTotal(live, options);
  const list = section(body, "options", live.S.options, 2);
  place(list, options.map((note) => {
    const node = card(live, note);
    if (a.vote_mode === "dots") return node;
    node.querySelectorAll(".poll-choice, .result").forEach((n) => n.remove());
    if (a.accepts_votes && live.state.me) node.append(choice(live, note));
    if (live.total(note) !== null) {
      const result = clone("result");
      setBar(result.querySelector(".bar"), live.total(note), largest);
      node.append(result);
    }
    return node;
  }));
}

function choice(live, note) {
  const chosen = Boolean(live.myVotes[note.id]);
  const button = clone("choice");
  button.classList.toggle("secondary", !chosen);
  button.setAttribute("aria-pressed", chosen ? "true" : "false");
  button.setAttribute("aria-label", fmt(live.S.chooseOption, { text: note.text }));
  button.addEventListener("click", () => live.send("vote", { note: note.id, value: chosen ? 0 : 1 }));
  return button;
}

/** One's own ranking, put in order with the arrows and sent as a whole; the points after. */
function renderRanking(live, body) {
  const a = live.activity;
  const all = live.options();
  const ids = all.map((n) => n.id);
  if (!live.ranking) {
    const placed = Object.entries(live.myVotes).sort((x, y) => x[1] - y[1]).map((e) => Number(e[0]));
    live.ranking = placed.concat(ids.filter((id) => !placed.includes(id)));
  }
  const kept = live.ranking.filter((id) => ids.includes(id));
  live.ranking = kept.concat(ids.filter((id) => !kept.includes(id)));
  let box = body.querySelector(":scope > .ranking");
  if (!box) {
    box = clone("ranking");
    slots(box).send.firstElementChild.addEventListener("click", () => {
      live.send("rank", { order: live.ranking }).then((reply) => {
        if (reply.ok) live.saved();
      });
    });
    body.append(box);
  }
  const part = slots(box);
  const ranks = a.accepts_votes && live.state.me;
  part.list.replaceChildren(...live.ranking.map((id, index) => {
    const note = all.find((n) => n.id === id);
    const item = clone("rank-item");
    const bits = slots(item);
    setText(bits.text, note.text);
    if (ranks) {
      arrow(live, bits.up, index, index - 1, fmt(live.S.moveUp, { text: note.text }));
      arrow(live, bits.down, index, index + 1, fmt(live.S.moveDown, { text: note.text }));
    } else {
      bits.up.remove();
      bits.down.remove();
    }
    return item;
  }));
  show(part.send, ranks);
  const totals = Boolean(live.state.totals);
  show(part.resultsHeading, totals);
  show(part.results, totals);
  if (!totals) return;
  const largest = largestTotal(live, all);
  const order = all.slice().sort((x, y) => (live.total(y) || 0) - (live.total(x) || 0));
  part.results.replaceChildren(...order.map((note) => {
    const item = clone("rank-result");
    const points = live.total(note) || 0;
    setText(slots(item).text, note.text + " – " + fmt(live.S.points, { count: points }));
    setBar(slots(item).bar, points, largest);
    return item;
  }));
}

function arrow(live, button, from, to, label) {
  button.setAttribute("aria-label", label);
  button.disabled = to < 0 || to >= live.ranking.length;
  button.addEventListener("click", () => {
    live.ranking.splice(to, 0, live.ranking.splice(from, 1)[0]);
    live.schedule();
  });
}
