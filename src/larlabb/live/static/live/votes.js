// Polls, dot votes and rankings: the options the facilitator set, chosen, dotted or put in
// order by each person; the totals (or a ranking's points) once the results are shown. A poll's
// choice and bar are parts of each option's card (notes.js). A ranking's rows are kept for
// each option and moved, so the arrow just pressed keeps the focus.
import { clone, fmt, keyed, place, section, setBar, setText, show, slots } from "./dom.js";
import { card, unavailable } from "./notes.js";

export function renderBody(live, body) {
  if (live.activity.kind === "ranking") renderRanking(live, body);
  else renderOptions(live, body);
}

/** A poll's or a dot vote's options, each a card. */
function renderOptions(live, body) {
  const list = section(body, "options", live.S.options, 2);
  place(list, live.options().map((note) => card(live, note)));
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
    const send = slots(box).send.firstElementChild;
    send.id = "ranking-send";
    send.addEventListener("click", () => {
      live.send("rank", { order: live.ranking }, { done: live.S.rankingSaved });
    });
    body.append(box);
  }
  const part = slots(box);
  const ranks = a.accepts_votes && Boolean(live.state.me);
  place(part.list, live.ranking.map((id, index) => rankItem(live, part.list, all.find((n) => n.id === id), index, ranks)));
  show(part.send, ranks);
  const totals = Boolean(live.state.totals);
  show(part.resultsHeading, totals);
  show(part.results, totals);
  if (!totals) return;
  const largest = live.largestTotal();
  const order = all.slice().sort((x, y) => (live.total(y) || 0) - (live.total(x) || 0));
  place(part.results, order.map((note) => {
    const item = keyed(part.results, "result-" + note.id, () => clone("rank-result"));
    const points = live.total(note) || 0;
    setText(slots(item).text, note.text + " – " + fmt(live.S.points, { count: points }));
    setBar(slots(item).bar, points, largest);
    return item;
  }));
}

function rankItem(live, list, note, index, ranks) {
  const item = keyed(list, "rank-" + note.id, () => {
    const made = clone("rank-item");
    const bits = slots(made);
    bits.up.id = "rank-" + note.id + "-up";
    bits.down.id = "rank-" + note.id + "-down";
    bits.up.addEventListener("click", () => move(live, note.id, -1));
    bits.down.addEventListener("click", () => move(live, note.id, 1));
    return made;
  });
  const bits = slots(item);
  setText(bits.text, note.text);
  show(bits.up, ranks);
  show(bits.down, ranks);
  if (ranks) {
    bits.up.setAttribute("aria-label", "↑ " + fmt(live.S.moveUp, { text: note.text }));
    unavailable(bits.up, index === 0);
    bits.down.setAttribute("aria-label", "↓ " + fmt(live.S.moveDown, { text: note.text }));
    unavailable(bits.down, index === live.ranking.length - 1);
  }
  return item;
}

/** Move an option one place up or down in one's own ranking, and say where it is now. */
function move(live, id, step) {
  const from = live.ranking.indexOf(id);
  const to = from + step;
  if (from < 0 || to < 0 || to >= live.ranking.length) return;
  live.ranking.splice(to, 0, live.ranking.splice(from, 1)[0]);
  live.announce(fmt(live.S.rankNow, { place: to + 1, last: live.ranking.length }));
  live.schedule();
}
