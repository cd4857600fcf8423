// Small helpers for the live room's modules. The markup comes from the <template> elements of
// live/_templates.html; the script copies them and fills in text. Every text a person wrote is
// set as text (textContent, attributes), never as HTML.

let pluralRules = null;

/**
 * `text` with its "%(name)s" placeholders filled in from `values`. A text about a count comes
 * in its plural forms ({one, other}, from live/strings.py): the form that fits `values.count`
 * in the page's language is filled in.
 */
export function fmt(text, values) {
  let chosen = text;
  if (typeof text !== "string") {
    pluralRules ??= new Intl.PluralRules(document.documentElement.lang || "sv");
    chosen = text[pluralRules.select(values.count)] ?? text.other;
  }
  return chosen.replace(/%\((\w+)\)[sd]/g, (_, key) => String(values[key]));
}

/** A copy of the element in <template id="live-tpl-`name`">. */
export function clone(name) {
  const template = document.getElementById("live-tpl-" + name);
  return template.content.firstElementChild.cloneNode(true);
}

/** The element marked data-slot="`name`" inside `node`. */
export function slot(node, name) {
  return node.querySelector("[data-slot='" + name + "']");
}

/** Every element marked with a data-slot inside `node`, by name. */
export function slots(node) {
  const found = {};
  for (const element of node.querySelectorAll("[data-slot]")) found[element.dataset.slot] = element;
  return found;
}

export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** Show or hide `node` (the live area hides [hidden] elements whatever their display). */
export function show(node, visible) {
  node.hidden = !visible;
}

/** A switch says what pressing it will do: `data-label-on` while it is on ("Unlock the
 * board"), `data-label-off` while it is off. The label alone tells the state; an aria-pressed
 * beside a changing label would be read as "Unlock the board, pressed" (WCAG 4.1.2). */
export function setSwitch(button, on) {
  setText(button, on ? button.dataset.labelOn : button.dataset.labelOff);
}

/** An <option>, its label set as text. */
export function option(value, label, selected) {
  const node = document.createElement("option");
  node.value = String(value);
  node.textContent = label;
  node.selected = Boolean(selected);
  return node;
}

/** Fill `select` with `items` ([value, label]) and select `chosen`. The select itself stays,
 * so it keeps the focus. */
export function fillSelect(select, items, chosen) {
  select.replaceChildren(...items.map(([value, label]) => option(value, label, value === chosen)));
}

/** Put `nodes` into `list` in this order, moving only what moved and dropping the rest. */
export function place(list, nodes) {
  nodes.forEach((node, index) => {
    if (list.children[index] !== node) list.insertBefore(node, list.children[index] || null);
  });
  while (list.children.length > nodes.length) list.lastElementChild.remove();
}

/** The child of `parent` marked data-key="`key`", made from `make()` when there is none. */
export function keyed(parent, key, make) {
  let node = parent.querySelector(":scope > [data-key='" + key + "']");
  if (!node) {
    node = make();
    node.dataset.key = key;
    parent.append(node);
  }
  return node;
}

/** A section of notes under a heading (a column, a side, a group's case): its list. A heading
 * that people wrote (a column's title) says its language in `lang` where the interface is in
 * another (WCAG 3.1.2). */
export function section(parent, key, heading, level, lang = "") {
  const node = keyed(parent, key, () => {
    const made = clone(level === 3 ? "subsection" : "section");
    const title = made.firstElementChild;
    title.id = "h-" + key;
    made.setAttribute("aria-labelledby", title.id);
    return made;
  });
  setText(node.firstElementChild, heading);
  if (lang) node.firstElementChild.lang = lang;
  return node.querySelector("ul.notes");
}

/** Whether `key` differs from the one `node` was last drawn with (and remember it). */
export function changed(node, key) {
  const signature = JSON.stringify(key);
  if (node.dataset.signature === signature) return false;
  node.dataset.signature = signature;
  return true;
}

/** A bar of `value` out of `largest`, as a width in per cent. */
export function setBar(bar, value, largest) {
  bar.style.width = (largest ? Math.round((value / largest) * 100) : 0) + "%";
}
