// The forms to write notes, trends, scenario notes and cases. They are drawn again only when
// what they offer changes (the activity opens or locks, the columns or one's group's case
// change), so that typing is never lost. Each kind says which forms it offers.
import { newKey } from "../core/socket.js";
import { changed, clone, fillSelect, setText, slots } from "./dom.js";

let formCount = 0;

export function renderCompose(live, box, kind) {
  const a = live.activity;
  const myCase = live.currentCase();
  const columns = live.state.columns.map((c) => [c.id, c.title]);
  const key = [a.status, a.locked, a.kind, columns, myCase && myCase.id, Boolean(live.state.me),
    Boolean(live.state.breakout)];
  if (!changed(box, key)) return;
  const open = live.state.me && a.status === "open" && !live.projector;
  const forms = open && kind.forms ? kind.forms(live) : [];
  box.replaceChildren(...forms);
  if (forms.length) box.setAttribute("aria-label", box.dataset.label);
  else box.removeAttribute("aria-label");
}

/** A form for a note: in one of `columns` (chosen by the person), or on a group's case. */
export function noteForm(live, { columns = [], legend, columnLabel, caseId = null }) {
  formCount += 1;
  const id = "compose-" + formCount;
  const form = clone("note-form");
  const part = slots(form);
  setText(part.legend, legend);
  part.text.id = id + "-text";
  part.textLabel.htmlFor = part.text.id;
  if (columns.length) {
    part.column.id = id + "-column";
    part.columnLabel.htmlFor = part.column.id;
    setText(part.columnLabel, columnLabel || live.S.column);
    fillSelect(part.column, columns.map((c) => [c.id, c.title]));
  } else {
    part.column.remove();
    part.columnLabel.remove();
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = part.text.value;
    if (!value.trim()) {
      live.error(live.S.empty);
      part.text.focus();
      return;
    }
    const payload = { text: value, key: newKey() };
    if (columns.length) payload.column = part.column.value;
    if (caseId) payload.case = caseId;
    part.text.value = "";
    live.send("note.add", payload).then((reply) => {
      if (!reply.ok) part.text.value = value;
    });
  });
  return form;
}

/** The form to propose a case: a title and a short description. */
export function caseForm(live) {
  const form = clone("case-form");
  const part = slots(form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!part.title.value.trim()) {
      live.error(live.S.caseNeedsTitle);
      part.title.focus();
      return;
    }
    const kept = [part.title.value, part.text.value];
    const payload = { title: kept[0], text: kept[1], key: newKey() };
    part.title.value = "";
    part.text.value = "";
    live.send("note.add", payload).then((reply) => {
      if (!reply.ok) [part.title.value, part.text.value] = kept;
    });
  });
  return form;
}
