// A note's card, shared by every kind: its text, who wrote it, its theme and votes, the dots to
// give, the author's own tools and the facilitator's. Each card is one element kept for the
// note's life and redrawn from the "note" template only when something it shows has changed.
import { changed, clone, fillSelect, fmt, option, setText, slots } from "./dom.js";

export function card(live, note) {
  let node = live.cards.get(note.id);
  if (!node) {
    node = document.createElement("li");
    node.id = "note-" + note.id;
    live.cards.set(note.id, node);
  }
  const a = live.activity;
  const theme = live.state.themes.find((t) => t.id === note.theme);
  const merged = live.state.notes.filter((n) => n.merged_into === note.id && live.visible(n));
  const key = [note, live.total(note), live.myVotes[note.id] || 0, a.accepts_votes, a.status,
    a.locked, live.mine.has(note.id), theme && theme.label, merged.map((n) => n.title || n.text),
    a.revealed, live.usedDots()];
  if (!changed(node, key)) return node;
  node.className = "note side-" + (note.side || "other") + (note.hidden ? " hidden-note" : "")
    + (note.chosen ? " chosen" : "");
  if (note.hidden && !live.facilitator) {
    node.replaceChildren(clone("hidden-note"));
    return node;
  }
  const fresh = clone("note");
  const part = slots(fresh);
  const S = live.S;
  const label = note.title || note.text;
  const anonymous = note.anonymous && !live.facilitator;
  const meta = [];
  if (note.author && !anonymous) meta.push(note.author);
  if (note.organisation && !anonymous) meta.push(note.organisation);
  meta.push(live.sideName(note.side));
  const total = live.total(note);
  setText(part.title, note.title);
  setText(part.text, note.text);
  setText(part.meta, meta.join(" · "));
  if (theme) setText(part.theme, fmt(S.themeIs, { label: theme.label }));
  if (merged.length) {
    setText(part.merged, fmt(S.mergedWith, { text: merged.map((n) => n.title || n.text).join(" / ") }));
  }
  const showsTotal = total !== null && a.vote_mode && a.vote_mode !== "rank" && !note.case;
  if (showsTotal) setText(part.total, fmt(S.votesOn, { count: total }));
  const givesDots = a.accepts_votes && a.vote_mode === "dots" && live.state.me && !note.case;
  if (givesDots) dots(live, note, label, part);
  const mayChange = live.mine.has(note.id) && a.status === "open"
    && (!a.locked || note.case || live.onScenario(note));
  if (mayChange) ownTools(live, note, label, part);
  if (live.controlling) facilitatorTools(live, note, label, part);
  const keep = {
    title: Boolean(note.title),
    text: Boolean(note.text),
    meta: true,
    theme: Boolean(theme),
    hidden: note.hidden,
    chosen: note.chosen,
    merged: merged.length > 0,
    total: showsTotal,
    dots: givesDots,
    own: mayChange,
    tools: live.controlling,
  };
  node.replaceChildren(...[...fresh.children].filter((child) => keep[child.dataset.slot]));
  return node;
}

function dots(live, note, label, part) {
  const S = live.S;
  const value = live.myVotes[note.id] || 0;
  const canAdd = live.usedDots() < live.activity.dots && (live.activity.several_dots || value === 0);
  part.less.setAttribute("aria-label", fmt(S.removeDot, { text: label }));
  part.less.disabled = value === 0;
  part.less.addEventListener("click", () => live.send("vote", { note: note.id, value: value - 1 }));
  setText(part.count, fmt(S.myDots, { dots: value }));
  part.more.setAttribute("aria-label", fmt(S.addDot, { text: label }));
  part.more.disabled = !canAdd;
  part.more.addEventListener("click", () => live.send("vote", { note: note.id, value: value + 1 }));
}

function ownTools(live, note, label, part) {
  const S = live.S;
  part.edit.setAttribute("aria-label", fmt(S.editNote, { text: label }));
  part.edit.addEventListener("click", () => {
    const text = window.prompt(S.editPrompt, note.text);
    if (text !== null) live.send("note.edit", { note: note.id, text: text, title: note.title });
  });
  part.delete.setAttribute("aria-label", fmt(S.deleteNote, { text: label }));
  part.delete.addEventListener("click", () => {
    if (window.confirm(S.deleteConfirm)) live.send("note.delete", { note: note.id });
  });
}

function facilitatorTools(live, note, label, part) {
  const S = live.S;
  const state = live.state;
  setText(part.hide, note.hidden ? part.hide.dataset.labelOn : part.hide.dataset.labelOff);
  part.hide.setAttribute("aria-label", fmt(note.hidden ? S.showNote : S.hideNote, { text: label }));
  part.hide.addEventListener("click", () => live.send("note.hide", { note: note.id, hidden: !note.hidden }));
  if (live.activity.kind === "case_dialogue" && !note.case) {
    setText(part.choose, note.chosen ? part.choose.dataset.labelOn : part.choose.dataset.labelOff);
    part.choose.setAttribute("aria-label", fmt(note.chosen ? S.unchooseNote : S.chooseNote, { text: label }));
    part.choose.addEventListener("click", () => live.send("case.choose", { note: note.id, chosen: !note.chosen }));
  } else {
    part.choose.remove();
  }
  if (note.column && state.columns.length > 1) {
    part.move.setAttribute("aria-label", fmt(S.moveNote, { text: label }));
    fillSelect(part.move, state.columns.map((c) => [c.id, c.title]), note.column);
    part.move.addEventListener("change", () => live.send("note.move", { note: note.id, column: part.move.value }));
  } else {
    part.move.remove();
  }
  const others = state.notes.filter((n) => n.id !== note.id && !n.merged_into
    && n.column === note.column && n.case === note.case);
  if (others.length) {
    part.merge.setAttribute("aria-label", fmt(S.mergeNote, { text: label }));
    for (const other of others) part.merge.append(option(other.id, (other.title || other.text).slice(0, 60)));
    part.merge.addEventListener("change", () => {
      if (part.merge.value) live.send("note.merge", { note: note.id, into: part.merge.value });
    });
  } else {
    part.merge.remove();
  }
}
