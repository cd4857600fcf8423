// Boards and perspectives: notes in columns; on a perspectives board each column split by the
// author's side (regions, agencies, others) under "where the perspectives meet". A foresight's
// trend board and its scenarios are drawn here too (foresight.js adds the scenarios' texts).
import { noteForm } from "./compose.js";
import { changed, clone, fmt, keyed, place, section, setText, show, slots } from "./dom.js";
import { card } from "./notes.js";

export function forms(live) {
  return [noteForm(live, { name: "note", columns: live.state.columns, legend: live.S.addNote })];
}

export function renderBody(live, body) {
  renderBoard(live, body);
}

const LANES = [["region", "regions"], ["agency", "agencies"], ["other", "others"]];

/** The columns and their notes; `decorate(holder, column)` adds to a scenario's column. */
export function renderBoard(live, body, decorate) {
  const columns = live.state.columns;
  const perspectives = live.activity.kind === "perspectives";
  let grid = body.querySelector(":scope > .board");
  const shape = JSON.stringify([columns.map((c) => [c.id, c.title]), perspectives]);
  if (!grid || grid.dataset.shape !== shape) {
    if (grid) grid.remove();
    grid = document.createElement("div");
    grid.className = "board" + (perspectives ? " perspectives" : "");
    grid.dataset.shape = shape;
    body.prepend(grid);
  }
  if (perspectives) renderMeeting(live, grid);
  for (const column of columns) {
    const scenario = column.kind === "scenario";
    const holder = keyed(grid, "column-" + column.id, () => {
      const made = document.createElement("div");
      made.className = "board-column" + (scenario ? " quadrant" : "");
      return made;
    });
    const notes = live.state.notes.filter((n) => n.column === column.id && live.visible(n) && !n.merged_into);
    const key = "col-" + column.id;
    if (perspectives) {
      section(holder, key, column.title, 2, live.config.contentLang);
      for (const [side, name] of LANES) {
        const sideNotes = notes.filter((n) => (n.side || "other") === side);
        const lane = key + "-" + side;
        if (side === "other" && !sideNotes.length) {
          holder.querySelector(":scope > [data-key='" + lane + "']")?.remove();
          continue;
        }
        const heading = live.S[name] + " (" + sideNotes.length + ")";
        place(section(holder, lane, heading, 3), sideNotes.map((n) => card(live, n)));
      }
    } else {
      const heading = column.title + " (" + notes.length + ")";
      place(section(holder, key, heading, 2, live.config.contentLang), notes.map((n) => card(live, n)));
    }
    if (scenario && decorate) decorate(holder, column);
  }
}

/** Where the perspectives meet: accepted themes and merged notes that both sides raised. */
function renderMeeting(live, grid) {
  let box = grid.querySelector(":scope > .meeting");
  if (!box) {
    box = clone("meeting");
    grid.prepend(box);
  }
  const state = live.state;
  const themes = state.themes.filter((t) => state.meeting.themes.includes(t.id));
  const notes = state.notes.filter((n) => state.meeting.notes.includes(n.id) && live.visible(n));
  const part = slots(box);
  const lines = themes.map((theme) => {
    const themed = state.notes.filter((n) => n.theme === theme.id && live.visible(n));
    const count = (side) => themed.filter((n) => n.side === side).length;
    return [theme.label, fmt(live.S.bothSides, { regions: count("region"), agencies: count("agency") })];
  });
  if (!changed(box, [lines, notes.map((n) => n.text)])) return;
  show(part.none, !lines.length && !notes.length);
  show(part.list, lines.length > 0 || notes.length > 0);
  const items = lines.map(([label, count]) => {
    const item = clone("meeting-theme");
    setText(slots(item).label, label);
    setText(slots(item).count, count);
    return item;
  });
  for (const note of notes) {
    const item = clone("meeting-note");
    setText(slots(item).text, note.text);
    items.push(item);
  }
  part.list.replaceChildren(...items);
}
