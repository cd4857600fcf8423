// The presenter screen: the room's big screen, drawn for the back of the room. It shows the
// room, never a person: no button, field or personal count. Each kind of activity has its view
// (a board's columns, the perspectives side by side with their shared ground, results as bars
// sorted by votes, a ranking with its spread, the groups with their people and cases, the
// foresight's 2×2 with numbered markers and a legend, its scenarios whole). After each drawing
// the screen is made to fit: the type shrinks to a legible minimum, and what still does not
// fit is split into pages that turn on their own (the facilitator can turn or pin them).
import { fmt } from "./dom.js";
import { fit, showPages } from "./fitting.js";
import { column, contentLang, el, noteItem, pagedList, shown } from "./presenter_parts.js";

const TURN_EVERY = 12000; // milliseconds a page stays before the next
const LANES = [["region", "regions"], ["agency", "agencies"]];

let page = 0;
let pinned = false;
let turning = null;
let lastLive = null;
let lastBody = null;

/** Fit again when the window changes size (a projector connected, a browser made full screen). */
export function refit() {
  if (lastBody) fit(lastBody, page, lastLive.S);
}

const REDRAW_EVERY = 1000; // milliseconds: the big screen is drawn at most once a second
let drawnAt = 0;
let redraw = null;

export function renderPresenter(live, body) {
  lastLive = live;
  lastBody = body;
  const wait = drawnAt + REDRAW_EVERY - Date.now();
  if (wait > 0) {
    // a busy room: the changes of the next second are drawn together
    if (!redraw) redraw = window.setTimeout(() => {
      redraw = null;
      renderPresenter(lastLive, lastBody);
    }, wait);
    return;
  }
  drawnAt = Date.now();
  const view = live.presenterView || VIEWS[live.activity.kind] || boardView; // a kind's own, or one here
  body.replaceChildren(view(live));
  fit(body, page, live.S);
  if (!turning) turning = window.setInterval(turn, TURN_EVERY);
}

/** A command from the facilitator's desk: next, previous, pin, rotate. */
export function pager(command) {
  if (command === "pin") pinned = true;
  else if (command === "rotate") pinned = false;
  else if (command === "next") page += 1;
  else if (command === "previous") page = Math.max(0, page - 1);
  if (lastBody) showPages(lastBody, page, lastLive.S);
}

function turn() {
  if (pinned || !lastBody) return;
  page += 1;
  showPages(lastBody, page, lastLive.S);
}

// --- The views ------------------------------------------------------------------------------

function boardView(live, columns = live.state.columns.filter((c) => c.kind !== "scenario")) {
  const notes = shown(live).filter((n) => !n.case);
  return lanesView(live, columns.map((c) => [c.title, notes.filter((n) => n.column === c.id)]));
}

/** A board whose notes the facilitator grouped: a column per group the room sees (accepted),
 * and the notes in none. */
function groupedView(live) {
  const notes = shown(live).filter((n) => !n.case);
  const lanes = live.state.themes.map((t) => [t.label, notes.filter((n) => n.theme === t.id)]);
  const known = new Set(live.state.themes.map((t) => t.id));
  const none = notes.filter((n) => !known.has(n.theme));
  if (none.length) lanes.push([live.S.noGroup, none]);
  return lanesView(live, lanes);
}

function lanesView(live, lanes) {
  const grid = el("div", "pboard");
  grid.style.setProperty("--columns", String(Math.max(1, lanes.length)));
  for (const [title, mine] of lanes) grid.append(column(live, title + " (" + mine.length + ")", mine));
  return grid;
}

/** Regions and agencies side by side, the shared ground between them. */
function perspectivesView(live) {
  const S = live.S;
  const notes = shown(live);
  const titles = new Map(live.state.columns.map((c) => [c.id, c.title]));
  const lane = ([side, name]) => {
    const mine = notes.filter((n) => (n.side || "other") === side);
    return column(live, S[name] + " (" + mine.length + ")", mine, {});
  };
  const grid = el("div", "pboard lanes");
  const meeting = el("section", "pcol pmeeting");
  meeting.append(el("h2", "", S.sharedGround), el("p", "ppage"));
  const list = pagedList("ul", "pnotes");
  const state = live.state;
  const meets = live.meeting();
  for (const theme of state.themes.filter((t) => meets.themes.includes(t.id))) {
    const themed = notes.filter((n) => n.theme === theme.id);
    const count = (side) => themed.filter((n) => n.side === side).length;
    const item = el("li", "pnote shared");
    item.append(contentLang(live, el("p", "ptitle", theme.label)));
    item.append(el("p", "pmeta", fmt(S.bothSides, { regions: count("region"), agencies: count("agency") })));
    list.append(item);
  }
  for (const note of notes.filter((n) => meets.notes.includes(n.id))) {
    list.append(noteItem(live, note, { column: titles.get(note.column) }));
  }
  if (!list.children.length) list.append(el("li", "pempty", S.sharedNone));
  meeting.append(list);
  const others = notes.filter((n) => (n.side || "other") === "other");
  grid.append(lane(LANES[0]), meeting, lane(LANES[1]));
  if (others.length) grid.append(lane(["other", "others"]));
  grid.style.setProperty("--columns", String(grid.children.length));
  return grid;
}

/** The options as the room should read them: by their totals once the results are shown. */
function inResultsOrder(live, counted) {
  const options = live.options();
  return counted ? options.slice().sort((x, y) => live.total(y) - live.total(x)) : options;
}

/** The results' box: the page note, the paged list, and while hidden, when they will show. */
function resultsBox(live, list, counted) {
  const box = el("div", "presults");
  box.append(el("p", "ppage"), list);
  if (!counted) box.append(el("p", "plater", live.S.resultsLater));
  return box;
}

/** A poll's or a dot vote's options: once the results show, bars sorted by votes. */
function votesView(live) {
  const S = live.S;
  const counted = live.state.totals !== null;
  const order = inResultsOrder(live, counted);
  const largest = live.largestTotal();
  const list = pagedList("ol", "pbars");
  for (const note of order) {
    const item = el("li", "pbar");
    item.append(contentLang(live, el("span", "plabel", note.title || note.text)));
    if (counted) {
      const total = live.total(note);
      const track = el("span", "ptrack");
      track.append(el("span", "pfill"));
      track.firstChild.style.width = (largest ? Math.round((total / largest) * 100) : 0) + "%";
      item.append(track, el("span", "pcount", fmt(S.votesOn, { count: total })));
    }
    list.append(item);
  }
  return resultsBox(live, list, counted);
}

/** A ranking: the options in the room's order, with their points and the places given. */
function rankingView(live) {
  const S = live.S;
  const counted = live.state.totals !== null;
  const spread = live.state.spread || {};
  const order = inResultsOrder(live, counted);
  const list = pagedList("ol", "pranks");
  order.forEach((note, index) => {
    const item = el("li", "prank");
    item.append(el("span", "pplace", counted ? index + 1 + "." : "•"));
    item.append(contentLang(live, el("span", "plabel", note.text)));
    if (counted) {
      const places = spread[note.id];
      const bits = [fmt(S.points, { count: live.total(note) })];
      if (places) {
        bits.push(places[0] === places[1] ? fmt(S.placeOnly, { place: places[0] })
          : fmt(S.placeSpread, { best: places[0], worst: places[1] }));
      }
      item.append(el("span", "pcount", bits.join(" · ")));
    }
    list.append(item);
  });
  return resultsBox(live, list, counted);
}

/** Case dialogues and breakouts: the groups of the round with their people and cases; before
 * the groups, the cases proposed. */
function groupsView(live) {
  const S = live.S;
  const b = live.state.breakout;
  if (!b || !b.table) {
    const cases = shown(live).filter((n) => !n.case);
    const grid = el("div", "pboard");
    grid.style.setProperty("--columns", "1");
    grid.append(column(live, S.cases + " (" + cases.length + ")", cases));
    return grid;
  }
  const box = el("div", "pgroups-box");
  box.append(el("h2", "", fmt(S.roundOf, { round: b.round + 1, rounds: b.rounds })), el("p", "ppage"));
  const grid = pagedList("ul", "pgroups");
  b.table[b.round].forEach((people, group) => {
    const card = el("li", "pgroup");
    card.append(el("h3", "", fmt(S.tableShort, { table: group + 1 })));
    const topic = b.topics[group];
    if (topic) card.append(contentLang(live, el("p", "pcase", topic.title)));
    const names = el("ul", "ppeople");
    for (const person of people) {
      const line = el("li", "", person.name);
      if (person.organisation) line.append(el("span", "porg", " · " + person.organisation));
      names.append(line);
    }
    card.append(names);
    grid.append(card);
  });
  box.append(grid);
  return box;
}

/** Foresight: the scenarios once their axes are chosen; the 2×2 of the ratings once shown;
 * the trends by category before. */
function foresightView(live) {
  const f = live.state.foresight;
  const scenarios = live.state.columns.filter((c) => c.kind === "scenario");
  if (f.axes && scenarios.length) return scenariosView(live, scenarios);
  if (f.results && f.results.length) return chartView(live, f);
  return boardView(live, live.state.columns.filter((c) => c.kind === "board"));
}

const QUADRANT_PLACES = { q1: [1, 2], q2: [1, 1], q3: [2, 1], q4: [2, 2] };

function scenariosView(live, scenarios) {
  const grid = el("div", "pscenarios");
  for (const c of scenarios) {
    const box = el("section", "pscenario");
    // the quadrants where they lie on the axes: I (high, high) top right, II top left, …
    const [row, col] = QUADRANT_PLACES[c.key] || [null, null];
    if (row) box.style.gridArea = row + " / " + col;
    box.append(contentLang(live, el("h2", "pscenario-name", c.title)));
    if (c.narrative) box.append(contentLang(live, el("p", "pnarrative", c.narrative)));
    const list = pagedList("ul", "pnotes");
    list.append(...shown(live).filter((n) => n.column === c.id).map((n) => noteItem(live, n)));
    box.append(el("p", "ppage"), list);
    grid.append(box);
  }
  return grid;
}

/** Impact against uncertainty: each trend a numbered marker, pushed apart where two would
 * cover each other; the legend gives the numbers' trends and their means. */
function chartView(live, f) {
  const S = live.S;
  const NS = "http://www.w3.org/2000/svg";
  const box = el("div", "pforesight");
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 110 110");
  svg.setAttribute("class", "pchart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", S.chartLabel);
  const add = (tag, attrs, text) => {
    const node = document.createElementNS(NS, tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    svg.append(node);
    return node;
  };
  const x = (value) => 10 + ((value - 1) / 4) * 95;
  const y = (value) => 100 - ((value - 1) / 4) * 95;
  add("rect", { x: 10, y: 5, width: 95, height: 95, class: "pframe" });
  add("line", { x1: x(3), y1: 5, x2: x(3), y2: 100, class: "pmid" });
  add("line", { x1: 10, y1: y(3), x2: 105, y2: y(3), class: "pmid" });
  add("text", { x: 57.5, y: 108.5, class: "paxis", "text-anchor": "middle" }, S.uncertaintyAxis);
  add("text", { x: 4, y: 52.5, class: "paxis", "text-anchor": "middle", transform: "rotate(-90 4 52.5)" }, S.impactAxis);
  const placed = [];
  const legend = pagedList("ol", "plegend");
  const critical = f.critical || [];
  f.results.forEach((row, index) => {
    const trend = live.note(row.trend);
    let [cx, cy] = [x(row.uncertainty), y(row.impact)];
    for (let step = 1; placed.some(([px, py]) => Math.hypot(px - cx, py - cy) < 6.6) && step < 40; step += 1) {
      const angle = step * 2.4; // a spiral outwards until the marker stands free
      cx = x(row.uncertainty) + Math.cos(angle) * 2.2 * Math.sqrt(step);
      cy = y(row.impact) + Math.sin(angle) * 2.2 * Math.sqrt(step);
    }
    placed.push([cx, cy]);
    const isCritical = critical.includes(row.trend);
    add("circle", { cx, cy, r: 3, class: isCritical ? "pmark critical" : "pmark" });
    add("text", { x: cx, y: cy + 1.2, class: "pnum", "text-anchor": "middle" }, String(index + 1));
    const item = el("li", isCritical ? "critical" : "");
    item.append(el("span", "pplace", String(index + 1)));
    item.append(contentLang(live, el("span", "plabel", trend ? trend.text : "")));
    const means = fmt(S.means, { impact: decimal(row.impact), uncertainty: decimal(row.uncertainty) });
    item.append(el("span", "pcount", means + (isCritical ? " · " + S.critical : "")));
    legend.append(item);
  });
  const side = el("div", "plegend-box");
  side.append(el("p", "ppage"), legend);
  box.append(svg, side);
  return box;
}

function decimal(value) {
  return new Intl.NumberFormat(document.documentElement.lang || "sv", {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(value).replace("-", "−");
}

const VIEWS = {
  board: (live) => (live.state.themes.length ? groupedView(live) : boardView(live)),
  perspectives: perspectivesView,
  poll: votesView,
  dot_voting: votesView,
  ranking: rankingView,
  case_dialogue: groupsView,
  breakout: groupsView,
  foresight: foresightView,
};
