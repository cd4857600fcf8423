// Boards and perspectives: notes in columns; on a perspectives board each column split by the
// author's side (regions, agencies, others) under "where the perspectives meet". A foresight's
// trend board and its scenarios are drawn here too (foresight.js adds the scenarios' texts).
import { noteForm } from "./compose.js";
import { changed, clone, fmt, keyed, place, section, setText, show, slots } from "./dom.js";
import { card, groupNote } from "./notes.js";

export function forms(live) {
  return [noteForm(live, { name: "note", columns: live.state.columns, legend: live.S.addNote })];
}

export function renderBody(live, body) {
  renderBoard(live, body);
}

const LANES = [["region", "regions"], ["agency", "agencies"], ["other", "others"]];

/** The columns and their notes, or the groups; `decorate(holder, column)` adds to a scenario's
 * column. */
export function renderBoard(live, body, decorate) {
  const groups = live.activity.kind !== "foresight";
  if (groups) viewSwitch(live, body);
  if (groups && live.showsGroups()) {
    renderGroups(live, body);
    return;
  }
  const columns = live.state.columns;
  const perspectives = live.activity.kind === "perspectives";
  let grid = body.querySelector(":scope > .board");
  const shape = JSON.stringify([columns.map((c) => [c.id, c.title]), perspectives]);
  if (!grid || grid.dataset.shape !== shape) {
    if (grid) grid.remove();
    grid = document.createElement("div");
    grid.className = "board" + (perspectives ? " perspectives" : "");
    grid.dataset.shape = shape;
    const viewBox = body.querySelector(":scope > .board-view");
    if (viewBox) viewBox.after(grid);
    else body.prepend(grid);
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

/** The choice between the board's columns and its groups, offered once there is a group. */
function viewSwitch(live, body) {
  let box = body.querySelector(":scope > .board-view");
  if (!live.state.themes.length) {
    box?.remove();
    return;
  }
  if (!box) {
    box = clone("view");
    const part = slots(box);
    part.label.id = "board-view-label";
    box.setAttribute("aria-labelledby", part.label.id);
    const choose = (view) => {
      live.view = view;
      live.schedule();
    };
    part.columns.addEventListener("click", () => choose("columns"));
    part.groups.addEventListener("click", () => choose("groups"));
    body.prepend(box);
  }
  const part = slots(box);
  part.columns.setAttribute("aria-pressed", String(!live.showsGroups()));
  part.groups.setAttribute("aria-pressed", String(live.showsGroups()));
}

/** The notes by group, a lane for those in none; on a screen that may group them, a note
 * dragged onto a lane moves there (the card's "Move to group" does the same without a drag). */
function renderGroups(live, body) {
  const S = live.S;
  let grid = body.querySelector(":scope > .board");
  if (!grid || grid.dataset.shape !== "groups") {
    grid?.remove();
    grid = document.createElement("div");
    grid.className = "board groups";
    grid.dataset.shape = "groups";
    body.querySelector(":scope > .board-view").after(grid);
  }
  const notes = live.state.notes.filter((n) => live.visible(n) && !n.merged_into && !n.case && !live.isOption(n));
  const known = new Set(live.state.themes.map((t) => t.id));
  const group = (n) => (known.has(n.theme) ? n.theme : null); // a theme this screen does not see: none
  const lanes = live.state.themes.map((t) => [t.id, t.status === "accepted" ? t.label : fmt(S.suggestedGroup, { label: t.label })]);
  lanes.push([null, S.noGroup]);
  const holders = lanes.map(([id, title]) => {
    const key = "group-" + (id === null ? "none" : id);
    const holder = keyed(grid, key, () => {
      const made = document.createElement("div");
      made.className = "board-column group-lane";
      dropZone(live, made, id);
      return made;
    });
    const mine = notes.filter((n) => group(n) === id);
    // a group's name is the room's words; "No group" is the interface's
    const lang = id === null ? "" : live.config.contentLang;
    const list = section(holder, key + "-notes", title + " (" + mine.length + ")", 2, lang);
    place(list, mine.map((n) => card(live, n)));
    return holder;
  });
  place(grid, holders);
}

function dropZone(live, lane, theme) {
  lane.addEventListener("dragover", (event) => {
    if (!live.mayGroup()) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    lane.classList.add("drop-here");
  });
  lane.addEventListener("dragleave", () => lane.classList.remove("drop-here"));
  lane.addEventListener("drop", (event) => {
    lane.classList.remove("drop-here");
    if (!live.mayGroup()) return;
    event.preventDefault();
    const id = Number(event.dataTransfer.getData("text/plain"));
    if (id) groupNote(live, id, theme);
  });
}

/** Where the perspectives meet: accepted themes and merged notes that both sides raised. */
function renderMeeting(live, grid) {
  let box = grid.querySelector(":scope > .meeting");
  if (!box) {
    box = clone("meeting");
    grid.prepend(box);
  }
  const state = live.state;
  const meeting = live.meeting();
  const themes = state.themes.filter((t) => meeting.themes.includes(t.id));
  const notes = state.notes.filter((n) => meeting.notes.includes(n.id) && live.visible(n));
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
