// The forms to write notes, trends, scenario notes and cases. A form is made again only when
// what it offers changes (the activity opens, the columns or one's group's case change); a
// lock only stops its sending, with the reason shown. What a person has typed is kept as a
// draft in the tab's session storage until the server has it, so it survives any event, a
// lock, a move to another activity and a reload. A refusal stays by its field until the
// person sends again.
import { newKey } from "../core/socket.js";
import { changed, clone, fillSelect, fmt, setText, show, slots } from "./dom.js";

const PENDING_AFTER = 700; // milliseconds before a note not yet answered shows as on its way

export function renderCompose(live, box, kind) {
  const a = live.activity;
  const myCase = live.currentCase();
  const columns = live.state.columns.map((c) => [c.id, c.title]);
  const key = [a.status, a.kind, columns, myCase && myCase.id, Boolean(live.state.me),
    Boolean(live.state.breakout)];
  if (changed(box, key)) {
    const open = live.state.me && a.status === "open" && !live.projector;
    const forms = open && kind.forms ? kind.forms(live) : [];
    box.replaceChildren(...forms);
    if (forms.length) box.setAttribute("aria-label", box.dataset.label);
    else box.removeAttribute("aria-label");
  }
  for (const form of box.children) form.refresh?.();
}

/** Whether the person has typed something not yet sent in any of the forms. */
export function hasDraft(box) {
  return [...box.querySelectorAll("textarea, input[type='text']")].some((field) => field.value.trim());
}

const store = {
  get(key) {
    try {
      return window.sessionStorage.getItem(key) || "";
    } catch {
      return "";
    }
  },
  set(key, value) {
    try {
      if (value) window.sessionStorage.setItem(key, value);
      else window.sessionStorage.removeItem(key);
    } catch {
      /* a browser without storage keeps the draft in the page only */
    }
  },
};

/** Keep what is typed in `field` as a draft under `name`, and put back what was kept. */
function drafted(live, field, name) {
  const key = "larlabb.draft." + live.activity.id + "." + name;
  field.value = store.get(key);
  field.addEventListener("input", () => store.set(key, field.value));
  return () => store.set(key, "");
}

/** Tie a refusal to `field`: shown by it, described by it, until `clear`. */
function fieldError(field, box) {
  box.id = field.id + "-error";
  const help = field.getAttribute("aria-describedby") || "";
  const set = (text) => {
    setText(box, text || "");
    show(box, Boolean(text));
    if (text) {
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", (box.id + " " + help).trim());
    } else {
      field.removeAttribute("aria-invalid");
      if (help) field.setAttribute("aria-describedby", help);
      else field.removeAttribute("aria-describedby");
    }
  };
  field.addEventListener("input", () => {
    if (field.value.trim()) set("");
  });
  return set;
}

/** A lockable form sends nothing while the board is locked and says why; what is typed stays. */
function lockable(live, form, part, locks) {
  form.refresh = () => {
    const locked = locks && Boolean(live.activity.locked);
    show(part.lockedNotice, locked);
    part.submit.disabled = locked;
  };
}

/** A form for a note: in one of `columns` (chosen by the person), or on a group's case.
 * `name` tells the forms of one activity apart (their ids and drafts); `label` names the
 * field (otherwise "Your note"), `sent` is said once it is sent, and `after(reply, text)`
 * follows a successful sending. */
export function noteForm(live, { name, columns = [], legend, columnLabel, caseId = null, locks = true,
  label = "", sent = "", after = null }) {
  const id = "compose-" + name;
  const form = clone("note-form");
  const part = slots(form);
  setText(part.legend, legend);
  if (label) setText(part.textLabel, label);
  part.text.id = id + "-text";
  part.textLabel.htmlFor = part.text.id;
  part.help.id = id + "-help";
  part.text.setAttribute("aria-describedby", part.help.id);
  if (columns.length) {
    part.column.id = id + "-column";
    part.columnLabel.htmlFor = part.column.id;
    setText(part.columnLabel, columnLabel || live.S.column);
    fillSelect(part.column, columns.map((c) => [c.id, c.title]));
  } else {
    part.column.remove();
    part.columnLabel.remove();
  }
  part.submit.id = id + "-send";
  const forget = drafted(live, part.text, name);
  const refuse = fieldError(part.text, part.error);
  lockable(live, form, part, locks);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (part.submit.disabled) return;
    const value = part.text.value;
    if (!value.trim()) {
      refuse(live.S.empty);
      part.text.focus();
      return;
    }
    const payload = { text: value, key: newKey() };
    if (columns.length) payload.column = part.column.value;
    if (caseId) payload.case = caseId;
    part.text.value = "";
    const waiting = pending(live, part.pending, value);
    live.send("note.add", payload, { done: sent || live.S.noteSent }).then((reply) => {
      waiting();
      if (reply.ok) {
        forget();
        if (after) after(reply, value);
      } else {
        if (!part.text.value) part.text.value = value;
        refuse(reply.error);
      }
    });
  });
  return form;
}

/** A note on its way: after a moment without the server's answer, the form shows it, saying
 * whether it waits for the connection; the returned function takes it away. */
function pending(live, box, text) {
  const line = document.createElement("li");
  const timer = window.setTimeout(() => {
    line.textContent = fmt(live.connected() ? live.S.sending : live.S.waitingForConnection, { text });
    box.append(line);
    show(box, true);
  }, PENDING_AFTER);
  return () => {
    window.clearTimeout(timer);
    line.remove();
    show(box, box.children.length > 0);
  };
}

/** The form to propose a case: a title and a short description. */
export function caseForm(live) {
  const form = clone("case-form");
  const part = slots(form);
  part.submit.id = "case-send";
  const forget = [drafted(live, part.title, "case-title"), drafted(live, part.text, "case-text")];
  const refuse = fieldError(part.title, part.error);
  lockable(live, form, part, true);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (part.submit.disabled) return;
    if (!part.title.value.trim()) {
      refuse(live.S.caseNeedsTitle);
      part.title.focus();
      return;
    }
    const kept = [part.title.value, part.text.value];
    const payload = { title: kept[0], text: kept[1], key: newKey() };
    part.title.value = "";
    part.text.value = "";
    live.send("note.add", payload, { done: live.S.caseSent }).then((reply) => {
      if (reply.ok) {
        forget.forEach((f) => f());
      } else {
        if (!part.title.value && !part.text.value) [part.title.value, part.text.value] = kept;
        refuse(reply.error);
      }
    });
  });
  return form;
}
