// The parts the presenter screen's views are built of: an element, a list that turns in
// pages, a note as the back of the room reads it, a column of notes.
import { fmt } from "./dom.js";

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** A list that shows as many items as fit, in pages. */
export function pagedList(tag, className) {
  const list = el(tag, className);
  list.dataset.pager = "yes";
  return list;
}

export function contentLang(live, node) {
  if (live.config.contentLang) node.lang = live.config.contentLang;
  return node;
}

export function noteItem(live, note, { column = null } = {}) {
  const item = el("li", "pnote side-" + (note.side || "other"));
  if (note.title) item.append(contentLang(live, el("p", "ptitle", note.title)));
  if (note.text) item.append(contentLang(live, el("p", "ptext", note.text)));
  const meta = [];
  if (column) meta.push(column);
  if (!note.anonymous && note.author) meta.push(note.author);
  if (!note.anonymous && note.organisation) meta.push(note.organisation);
  if (meta.length) item.append(el("p", "pmeta", meta.join(" · ")));
  const total = live.total(note);
  if (total !== null && live.activity.vote_mode && live.activity.vote_mode !== "rank") {
    item.append(el("p", "ptotal", fmt(live.S.votesOn, { count: total })));
  }
  return item;
}

export function shown(live) {
  return live.state.notes.filter((n) => !n.hidden && !n.merged_into);
}

export function column(live, heading, notes, options) {
  const box = el("section", "pcol");
  const title = contentLang(live, el("h2", "", heading));
  box.append(title, el("p", "ppage"));
  const list = pagedList("ul", "pnotes");
  list.append(...notes.map((n) => noteItem(live, n, options)));
  box.append(list);
  return box;
}
