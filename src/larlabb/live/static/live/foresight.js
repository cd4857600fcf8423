// Foresight 2030: trends on a board of STEEP categories (drawn by board.js), each rated for its
// impact and uncertainty (1–5); once shown, the chart and the table of the means with the
// critical uncertainties; two of them, chosen by the facilitator, span four scenarios, each a
// column that collects notes and a short narrative.
import { renderBoard } from "./board.js";
import { noteForm } from "./compose.js";
import { changed, clone, fillSelect, fmt, keyed, place, setText, show, slots } from "./dom.js";

export function forms(live) {
  const S = live.S;
  const columns = live.state.columns;
  const board = columns.filter((c) => c.kind === "board");
  const scenarios = columns.filter((c) => c.kind === "scenario");
  const forms = [];
  forms.push(noteForm(live, { name: "trend", columns: board, legend: S.addTrend, columnLabel: S.category }));
  if (scenarios.length) {
    forms.push(noteForm(live, {
      name: "scenario", columns: scenarios, legend: S.addScenarioNote, columnLabel: S.scenario, locks: false,
    }));
  }
  return forms;
}

export function renderBody(live, body) {
  renderBoard(live, body, (holder, column) => renderNarrative(live, holder, column));
  renderRating(live, body);
}

function trends(live) {
  return live.state.notes.filter((n) => live.isTrend(n) && !n.hidden && !n.merged_into);
}

/** A scenario's narrative: written by the facilitator, read by the room. */
function renderNarrative(live, holder, column) {
  let box = holder.querySelector(":scope > .narrative");
  if (live.controlling) {
    if (box) return; // drawn once, so that what the facilitator types stays
    box = clone("narrative-form");
    const part = slots(box);
    part.text.id = "narrative-" + column.id;
    part.label.htmlFor = part.text.id;
    part.text.value = column.narrative;
    part.save.addEventListener("click", () => {
      live.send("narrative", { column: column.id, narrative: part.text.value });
    });
    holder.append(box);
    return;
  }
  if (!box) {
    box = clone("narrative");
    holder.append(box);
  }
  const text = slots(box).text;
  setText(text, column.narrative || text.dataset.empty);
}

/** The rating of the trends while it is open; the chart and the means once shown. */
function renderRating(live, body) {
  const a = live.activity;
  const f = live.state.foresight;
  let box = body.querySelector(":scope > .foresight");
  if (!box) {
    box = clone("rating");
    body.append(box);
  }
  const part = slots(box);
  const list = trends(live);
  const rating = a.voting_open && a.status === "open" && Boolean(live.state.me);
  const shown = list.map((t) => [t.id, t.text]);
  // each trend's row is made once and kept: another person's rating never resets one's choices
  place(part.list, rating ? list.map((trend) => rateTrend(live, part.list, trend)) : []);
  show(part.list, rating);
  show(part.closed, !rating && !f.results);
  show(part.chart, Boolean(f.results));
  show(part.table, Boolean(f.results));
  if (f.results && changed(part.table, [f.results, f.critical, shown])) {
    part.chart.src = live.config.image + "?v=" + live.state.seq;
    part.rows.replaceChildren(...f.results.map((row) => resultRow(live, row, f.critical)));
  }
}

function rateTrend(live, list, trend) {
  const S = live.S;
  const item = keyed(list, "trend-" + trend.id, () => {
    const made = clone("rate-trend");
    const part = slots(made);
    const given = live.state.foresight.mine[trend.id] || [3, 3];
    const id = "trend-" + trend.id;
    part.impact.id = id + "-impact";
    part.uncertainty.id = id + "-uncertainty";
    part.save.id = id + "-save";
    part.unsaved.id = id + "-unsaved";
    part.impact.value = String(given[0]);
    part.uncertainty.value = String(given[1]);
    const mark = () => {
      const saved = live.state.foresight.mine[trend.id] || null;
      const now = [Number(part.impact.value), Number(part.uncertainty.value)];
      const unsaved = !saved || saved[0] !== now[0] || saved[1] !== now[1];
      if (unsaved) made.dataset.unsaved = "yes";
      else delete made.dataset.unsaved;
      const told = unsaved && Boolean(saved || made.dataset.touched);
      show(part.unsaved, told);
      for (const select of [part.impact, part.uncertainty]) {
        if (told) select.setAttribute("aria-describedby", part.unsaved.id);
        else select.removeAttribute("aria-describedby");
      }
    };
    for (const select of [part.impact, part.uncertainty]) {
      select.addEventListener("change", () => {
        made.dataset.touched = "yes";
        mark();
      });
    }
    part.save.addEventListener("click", () => {
      const values = [Number(part.impact.value), Number(part.uncertainty.value)];
      live.send("rate", { trend: trend.id, impact: values[0], uncertainty: values[1] }, { done: S.ratingSaved }).then((reply) => {
        if (!reply.ok) return;
        live.state.foresight.mine[trend.id] = values;
        mark();
      });
    });
    return made;
  });
  const part = slots(item);
  setText(part.text, trend.text);
  part.impact.setAttribute("aria-label", fmt(S.impactOf, { text: trend.text }));
  part.uncertainty.setAttribute("aria-label", fmt(S.uncertaintyOf, { text: trend.text }));
  part.save.setAttribute("aria-label", fmt(S.rateTrend, { text: trend.text }));
  return item;
}

function resultRow(live, result, critical) {
  const trend = live.state.notes.find((n) => n.id === result.trend);
  const isCritical = critical.includes(result.trend);
  const row = clone("rating-row");
  const part = slots(row);
  if (isCritical) row.className = "critical";
  const text = trend ? trend.text : "";
  setText(part.trend, text + (isCritical ? " (" + live.S.critical + ")" : ""));
  setText(part.impact, String(result.impact));
  setText(part.uncertainty, String(result.uncertainty));
  setText(part.raters, String(result.raters));
  return row;
}

/** The facilitator takes two trends as the scenario axes: the critical uncertainties first. */
export function renderControls(live, box) {
  const axes = box.querySelector("[data-slot='axes']");
  if (!axes) return;
  const part = slots(axes);
  if (!axes.dataset.ready) {
    axes.dataset.ready = "yes";
    part.useAxes.addEventListener("click", () => {
      live.send("axes", { x: part.axisX.value, y: part.axisY.value });
    });
  }
  const list = trends(live);
  const f = live.state.foresight;
  show(part.needTrends, list.length < 2);
  show(part.chooseAxes, list.length >= 2);
  if (list.length < 2 || !changed(axes, [list.map((t) => [t.id, t.text]), f.critical, f.axes])) return;
  const critical = f.critical || [];
  const first = critical[0] || list[0].id;
  const second = critical[1] || list.find((t) => t.id !== first).id;
  const chosen = f.axes || { x: first, y: second };
  const items = list.map((t) => [t.id, t.text]);
  fillSelect(part.axisX, items, chosen.x);
  fillSelect(part.axisY, items, chosen.y);
}
