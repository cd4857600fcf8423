// The facilitator's controls: open and close the activity, its switches (lock the board, open
// the voting, show the results, hide the authors, allow guests), show it on the projector, and
// the themes of its notes. Their markup is in the page (live/_controls.html), with the switches
// this kind of activity has; the script shows each switch's state and draws the themes. A kind
// adds its own controls (breakout groups, scenario axes) in its module's renderControls.
import { changed, clone, fillSelect, fmt, place, setPressed, setText, show, slots } from "./dom.js";

const themeItems = new Map();

export function renderControls(live, box, kind) {
  if (!box.dataset.ready) wire(live, box);
  const a = live.activity;
  for (const button of box.querySelectorAll("[data-when]")) show(button, button.dataset.when === a.status);
  for (const button of box.querySelectorAll("[data-switch]")) setPressed(button, Boolean(a[button.dataset.switch]));
  const themes = box.querySelector("[data-slot='themes']");
  if (themes) place(themes, live.state.themes.map((theme) => themeItem(live, theme)));
  if (kind.renderControls) kind.renderControls(live, box);
  show(box, true);
}

function wire(live, box) {
  box.dataset.ready = "yes";
  for (const button of box.querySelectorAll("[data-set-status]")) {
    button.addEventListener("click", () => live.send("set", { status: button.dataset.setStatus }));
  }
  for (const button of box.querySelectorAll("[data-switch]")) {
    const name = button.dataset.switch;
    button.addEventListener("click", () => live.send("set", { [name]: !live.activity[name] }));
  }
  for (const button of box.querySelectorAll("[data-op]")) {
    button.addEventListener("click", () => live.send(button.dataset.op, {}));
  }
}

/** A theme with its label, its status and its notes, and the tools to accept, rename, merge
 * or reject it; drawn again only when one of those changes, so a label being typed stays. */
function themeItem(live, theme) {
  let node = themeItems.get(theme.id);
  if (!node) {
    node = document.createElement("li");
    node.dataset.theme = theme.id;
    themeItems.set(theme.id, node);
  }
  const count = live.state.notes.filter((n) => n.theme === theme.id).length;
  const others = live.state.themes.filter((t) => t.id !== theme.id);
  const accepted = theme.status === "accepted";
  if (!changed(node, [theme, count, others.map((t) => [t.id, t.label])])) return node;
  const fresh = clone("theme");
  const part = slots(fresh);
  setText(part.label, theme.label);
  setText(part.status, accepted ? part.status.dataset.labelOn : part.status.dataset.labelOff);
  setText(part.count, fmt(live.S.notesCount, { count }));
  part.labelInput.value = theme.label;
  const label = () => part.labelInput.value;
  (accepted ? part.accept : part.rename).remove();
  part.accept.addEventListener("click", () => live.send("theme.accept", { theme: theme.id, label: label() }));
  part.rename.addEventListener("click", () => live.send("theme.rename", { theme: theme.id, label: label() }));
  if (others.length) {
    fillSelect(part.into, others.map((t) => [t.id, t.label]));
    part.merge.addEventListener("click", () => live.send("theme.merge", { theme: theme.id, into: part.into.value }));
  } else {
    part.into.remove();
    part.merge.remove();
  }
  part.reject.addEventListener("click", () => live.send("theme.reject", { theme: theme.id }));
  node.replaceChildren(...fresh.childNodes);
  return node;
}
