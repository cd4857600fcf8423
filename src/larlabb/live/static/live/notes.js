// A note's card, shared by every kind: its text, who wrote it, its theme and votes, a poll's
// choice and bar, the dots to give, the author's own tools and the facilitator's. Each card is
// one element made once for the note's life from the "note" template; later events only
// change its texts, states and which parts show, so a button or a select that has focus stays
// where it is (WCAG 2.4.3) and nothing acts on a mere change of a select (3.2.2): moving and
// merging have their own buttons, and a merge asks first.
import { changed, clone, fillSelect, fmt, setBar, setText, show, slots } from "./dom.js";

const parts = new WeakMap();

export function card(live, note) {
  let node = live.cards.get(note.id);
  if (!node) {
    node = build(live, note.id);
    live.cards.set(note.id, node);
  }
  update(live, note, node, parts.get(node));
  return node;
}

/** The card of note `id`, its controls wired once: each reads the note as it is now. */
function build(live, id) {
  const node = clone("note");
  node.id = "note-" + id;
  const part = slots(node);
  parts.set(node, part);
  for (const name of ["choose", "less", "more", "edit", "delete", "hide", "pick", "move", "moveGo", "merge", "mergeGo", "group", "groupGo"]) {
    part[name].id = "note-" + id + "-" + name;
  }
  if (live.config.contentLang) part.title.lang = part.text.lang = live.config.contentLang;
  const now = () => live.note(id);
  const label = () => now().title || now().text;
  const S = live.S;
  part.choose.addEventListener("click", () => {
    const chosen = Boolean(live.myVotes[id]);
    live.send("vote", { note: id, value: chosen ? 0 : 1 }, { done: chosen ? S.choiceTakenBack : S.choiceSaved });
  });
  const dot = (step) => {
    if ((step < 0 ? part.less : part.more).getAttribute("aria-disabled") === "true") return;
    const value = (live.myVotes[id] || 0) + step;
    live.send("vote", { note: id, value: value }, { done: () => fmt(S.dotsLeft, { left: live.activity.dots - live.usedDots(), count: live.activity.dots }) });
  };
  part.less.addEventListener("click", () => dot(-1));
  part.more.addEventListener("click", () => dot(1));
  part.edit.addEventListener("click", () => {
    const text = window.prompt(S.editPrompt, now().text);
    if (text !== null) live.send("note.edit", { note: id, text: text, title: now().title }, { done: S.saved });
  });
  part.delete.addEventListener("click", () => {
    if (window.confirm(S.deleteConfirm)) live.send("note.delete", { note: id }, { done: S.deleted });
  });
  part.hide.addEventListener("click", () => {
    const hidden = !now().hidden;
    live.send("note.hide", { note: id, hidden: hidden }, { done: hidden ? S.noteHidden : S.noteShown });
  });
  part.pick.addEventListener("click", () => {
    live.send("case.choose", { note: id, chosen: !now().chosen }, { done: S.saved });
  });
  part.group.addEventListener("change", () => { part.group.dataset.dirty = "yes"; });
  part.groupGo.addEventListener("click", () => {
    delete part.group.dataset.dirty;
    const value = part.group.value;
    if (value === "new") {
      const name = window.prompt(S.newGroupPrompt, "");
      if (name === null) return;
      live.send("note.group", { note: id, theme: "new", label: name }, { done: fmt(S.noteGrouped, { group: name }) });
      return;
    }
    groupNote(live, id, value ? Number(value) : null);
  });
  node.addEventListener("dragstart", (event) => {
    event.dataTransfer.setData("text/plain", String(id));
    event.dataTransfer.effectAllowed = "move";
    node.classList.add("dragging");
  });
  node.addEventListener("dragend", () => node.classList.remove("dragging"));
  part.move.addEventListener("change", () => { part.move.dataset.dirty = "yes"; });
  part.moveGo.addEventListener("click", () => {
    delete part.move.dataset.dirty;
    const column = Number(part.move.value);
    if (column === now().column) return;
    const title = live.column(column) ? live.column(column).title : "";
    live.send("note.move", { note: id, column: column }, { done: fmt(S.noteMoved, { column: title }) });
  });
  part.mergeGo.addEventListener("click", () => {
    const into = Number(part.merge.value);
    const other = live.note(into);
    if (!other) {
      live.error(S.chooseMerge);
      part.merge.focus();
      return;
    }
    const question = fmt(S.mergeConfirm, { text: short(label()), into: short(other.title || other.text) });
    if (!window.confirm(question)) return;
    live.send("note.merge", { note: id, into: into }, { done: S.merged });
  });
  return node;
}

/** Move note `id` into group `theme` (null: out of every group), saying where it went. */
export function groupNote(live, id, theme) {
  const note = live.note(id);
  if (!note || (note.theme || null) === theme) return;
  const group = live.state.themes.find((t) => t.id === theme);
  const done = group ? fmt(live.S.noteGrouped, { group: group.label }) : live.S.noteUngrouped;
  live.send("note.group", { note: id, theme: theme === null ? "" : theme }, { done });
}

function short(text) {
  return text.length > 60 ? text.slice(0, 59) + "…" : text;
}

function update(live, note, node, part) {
  const a = live.activity;
  const S = live.S;
  const theme = live.state.themes.find((t) => t.id === note.theme);
  const merged = (live.index().mergedInto.get(note.id) || []).filter((n) => live.visible(n));
  const tools = live.controlling ? toolChoices(live, note) : null;
  const groups = live.mayGroup() && !note.case && !live.isOption(note) && !note.merged_into ? groupChoices(live) : null;
  const total = live.total(note);
  const largest = total === null ? 0 : live.largestTotal();
  const key = [note, total, largest, live.myVotes[note.id] || 0, a.accepts_votes, a.status, a.locked,
    a.vote_mode, live.mine.has(note.id), theme && theme.label, merged.map((n) => n.title || n.text),
    a.revealed, live.usedDots(), Boolean(live.state.me), tools && tools.key, live.controlling && live.state.columns,
    groups, live.showsGroups()];
  if (!changed(node, key)) return;
  node.className = "note side-" + (note.side || "other") + (note.hidden ? " hidden-note" : "")
    + (note.chosen ? " chosen" : "");
  const screened = note.hidden && !live.facilitator;
  const label = note.title || note.text;
  const anonymous = note.anonymous && !live.facilitator;
  const meta = [];
  if (note.author && !anonymous) meta.push(note.author);
  if (note.organisation && !anonymous) meta.push(note.organisation);
  if (note.author || note.organisation || !live.isOption(note)) meta.push(live.sideName(note.side));
  setText(part.title, note.title || "");
  setText(part.text, note.text || "");
  setText(part.meta, meta.join(" · "));
  setText(part.theme, theme ? fmt(S.themeIs, { label: theme.label }) : "");
  setText(part.merged, merged.length ? fmt(S.mergedWith, { text: merged.map((n) => n.title || n.text).join(" / ") }) : "");
  const showsTotal = total !== null && Boolean(a.vote_mode) && a.vote_mode !== "rank" && !note.case;
  if (showsTotal) setText(part.total, fmt(S.votesOn, { count: total }));
  const poll = a.vote_mode && a.vote_mode !== "dots" && a.vote_mode !== "rank" && live.isOption(note);
  if (poll && showsTotal) setBar(part.bar, total, largest);
  const chooses = poll && a.accepts_votes && Boolean(live.state.me);
  if (chooses) {
    const chosen = Boolean(live.myVotes[note.id]);
    part.choose.setAttribute("aria-pressed", chosen ? "true" : "false");
    part.choose.setAttribute("aria-label", fmt(S.chooseOption, { text: label }));
    show(part.myChoice, chosen);
  }
  const givesDots = a.accepts_votes && a.vote_mode === "dots" && Boolean(live.state.me) && !note.case;
  if (givesDots) dots(live, note, label, part);
  const mayChange = live.mine.has(note.id) && a.status === "open"
    && (!a.locked || Boolean(note.case) || live.onScenario(note));
  if (mayChange) {
    part.edit.setAttribute("aria-label", fmt(S.editNote, { text: label }));
    part.delete.setAttribute("aria-label", fmt(S.deleteNote, { text: label }));
  }
  if (tools) facilitatorTools(live, note, label, part, tools);
  node.draggable = Boolean(groups) && live.showsGroups() && !screened;
  if (groups) {
    part.group.setAttribute("aria-label", fmt(S.groupNote, { text: label }));
    part.groupGo.setAttribute("aria-label", fmt(S.groupNoteGo, { text: label }));
    const typed = part.group.value;
    const kept = typed === "" || typed === "new" ? typed : Number(typed);
    refill(part.group, groups, part.group.dataset.dirty ? kept : (note.theme || ""));
  }
  const visible = {
    title: Boolean(note.title),
    text: Boolean(note.text),
    meta: meta.length > 0,
    theme: Boolean(theme) && !live.showsGroups(), // the group's lane says it
    hidden: note.hidden,
    chosen: note.chosen,
    merged: merged.length > 0,
    total: showsTotal,
    result: poll && showsTotal,
    choice: chooses,
    dots: givesDots,
    own: mayChange,
    tools: Boolean(tools),
    grouping: Boolean(groups) && (live.state.themes.length > 0 || live.controlling),
  };
  for (const [name, element] of Object.entries(part)) {
    if (element.parentElement !== node) continue;
    show(element, name === "hiddenNote" ? screened : !screened && Boolean(visible[name]));
  }
}

function dots(live, note, label, part) {
  const S = live.S;
  const value = live.myVotes[note.id] || 0;
  const canAdd = live.usedDots() < live.activity.dots && (live.activity.several_dots || value === 0);
  part.less.setAttribute("aria-label", "− " + fmt(S.removeDot, { text: label }));
  unavailable(part.less, value === 0);
  setText(part.count, fmt(S.myDots, { dots: value }));
  part.more.setAttribute("aria-label", "+ " + fmt(S.addDot, { text: label }));
  unavailable(part.more, !canAdd);
}

/** A button that cannot be used now but keeps the focus (aria-disabled, not disabled), so that
 * the person who just gave their last dot stays where they were. */
export function unavailable(button, off) {
  if (off) button.setAttribute("aria-disabled", "true");
  else button.removeAttribute("aria-disabled");
}

/** The groups a note can be moved to: none, each group this screen sees, and for a
 * facilitator a new one. */
function groupChoices(live) {
  const S = live.S;
  const choices = [["", S.noGroup]].concat(live.state.themes.map((t) => [t.id, t.label]));
  if (live.controlling) choices.push(["new", S.newGroup]);
  return choices;
}

/** What the facilitator's tools offer for a note: the columns it can move to, the notes it
 * can merge into, whether it can be chosen for a group. */
function toolChoices(live, note) {
  const state = live.state;
  const columns = note.column && state.columns.length > 1 ? state.columns.map((c) => [c.id, c.title]) : [];
  const index = live.index();
  const group = note.column + "/" + note.case;
  const all = (index.groups.get(group) || []).map((n) => [n.id, short(n.title || n.text)]);
  if (!index.signatures.has(group)) index.signatures.set(group, JSON.stringify(all));
  const others = all.filter(([id]) => id !== note.id);
  const picks = live.activity.kind === "case_dialogue" && !note.case;
  // the card's key holds the group's signature, made once per change, not the list itself
  return { columns, others, picks, key: [columns.length, index.signatures.get(group), picks] };
}

function facilitatorTools(live, note, label, part, tools) {
  const S = live.S;
  setText(part.hide, note.hidden ? part.hide.dataset.labelOn : part.hide.dataset.labelOff);
  part.hide.setAttribute("aria-label", fmt(note.hidden ? S.showNote : S.hideNote, { text: label }));
  show(part.pick, tools.picks);
  if (tools.picks) {
    setText(part.pick, note.chosen ? part.pick.dataset.labelOn : part.pick.dataset.labelOff);
    part.pick.setAttribute("aria-label", fmt(note.chosen ? S.unchooseNote : S.chooseNote, { text: label }));
  }
  show(part.movePair, tools.columns.length > 0);
  if (tools.columns.length) {
    part.move.setAttribute("aria-label", fmt(S.moveNote, { text: label }));
    part.moveGo.setAttribute("aria-label", fmt(S.moveNoteGo, { text: label }));
    refill(part.move, tools.columns, part.move.dataset.dirty ? Number(part.move.value) : note.column);
  }
  show(part.mergePair, tools.others.length > 0);
  if (tools.others.length) {
    part.merge.setAttribute("aria-label", fmt(S.mergeNote, { text: label }));
    part.mergeGo.setAttribute("aria-label", fmt(S.mergeNoteGo, { text: label }));
    const kept = part.merge.value ? Number(part.merge.value) : "";
    refill(part.merge, [["", S.mergeInto]].concat(tools.others), kept);
  }
}

/** Fill a select only when its choices changed, keeping the chosen value where it still is. */
function refill(select, items, chosen) {
  if (changed(select, items)) fillSelect(select, items, chosen);
  if (document.activeElement !== select && items.some(([value]) => value === chosen)) select.value = String(chosen);
}
