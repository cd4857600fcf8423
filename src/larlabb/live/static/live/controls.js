// The facilitator's controls: open and close the activity, its switches (lock the board, open
// the voting, show the results, hide the authors, allow guests), show it on the projector, and
// the themes of its notes. Their markup is in the page (live/_controls.html), with the switches
// this kind of activity has; the script sets what each switch says and keeps the themes. A
// kind adds its own controls (breakout groups, scenario axes) in its module's renderControls.
// Nothing here is made again when the room changes: a theme's item is made once and then
// updated, so the label being typed and the focus stay.
import { wireDesk } from "./desk.js";
import { changed, clone, fillSelect, fmt, keyed, place, setSwitch, setText, show, slots } from "./dom.js";
import { unavailable } from "./notes.js";

export function renderControls(live, box, kind) {
  if (!box.dataset.ready) wire(live, box);
  const a = live.activity;
  for (const button of box.querySelectorAll("[data-when]")) show(button, button.dataset.when === a.status);
  for (const button of box.querySelectorAll("[data-switch]")) setSwitch(button, Boolean(a[button.dataset.switch]));
  const themes = box.querySelector("[data-slot='themes']");
  if (themes) place(themes, live.state.themes.map((theme) => themeItem(live, themes, theme)));
  renderThemeRun(live, box);
  const pairs = box.querySelector("[data-slot='sharedPairs']");
  if (pairs) renderPairs(live, pairs);
  if (kind.renderControls) kind.renderControls(live, box);
  show(box, true);
}

function wire(live, box) {
  box.dataset.ready = "yes";
  wireDesk(live, box);
  for (const button of box.querySelectorAll("[data-set-status]")) {
    // the room's change is announced from its event (main.js); the button pressed gives way to
    // its opposite, which takes the focus (data-focus-else)
    button.addEventListener("click", () => live.send("set", { status: button.dataset.setStatus }));
  }
  for (const button of box.querySelectorAll("[data-switch]")) {
    const name = button.dataset.switch;
    button.addEventListener("click", () => live.send("set", { [name]: !live.activity[name] }));
  }
  for (const button of box.querySelectorAll("[data-op]")) {
    button.addEventListener("click", () => live.send(button.dataset.op, {}, { done: button.dataset.done }));
  }
  const S = live.S;
  const suggest = box.querySelector("[data-slot='suggest']");
  if (suggest) {
    suggest.addEventListener("click", () => {
      if (suggest.getAttribute("aria-disabled") === "true") return; // a run is under way
      live.send("themes.suggest", {}).then((reply) => {
        if (!reply.ok) return;
        if (reply.queued) {
          live.io.announce(fmt(S.themesQueued, { count: reply.total }));
          live.refresh(500);
        } else {
          live.io.announce(S.themesSuggested);
        }
      });
    });
  }
  const newGroup = box.querySelector("[data-slot='newGroup']");
  if (newGroup) {
    box.querySelector("[data-slot='createGroup']").addEventListener("click", () => {
      const label = newGroup.value;
      live.send("theme.create", { label }, { done: fmt(S.themeCreated, { label }) }).then((reply) => {
        if (reply.ok) newGroup.value = "";
      });
    });
  }
  const shared = box.querySelector("[data-slot='shared']");
  if (shared) {
    shared.addEventListener("click", () => {
      live.send("themes.shared", {}).then((reply) => {
        if (!reply.ok) return;
        live.sharedPairs = reply.pairs;
        live.io.announce(reply.pairs.length ? fmt(S.sharedFound, { count: reply.pairs.length }) : S.sharedPairsNone);
        renderPairs(live, box.querySelector("[data-slot='sharedPairs']"));
      });
    });
  }
}

/** The progress of a theme run in the task queue; the page asks again every 3 s until it ends. */
function renderThemeRun(live, box) {
  const line = box.querySelector("[data-slot='themeRun']");
  if (!line) return;
  const run = live.state.theme_run;
  const active = Boolean(run && (run.status === "queued" || run.status === "running"));
  const suggest = box.querySelector("[data-slot='suggest']");
  if (suggest) unavailable(suggest, active); // aria-disabled: the focus stays on it
  let text = "";
  if (run && run.status === "queued") text = live.S.themeRunQueued;
  else if (run && run.status === "running") text = fmt(live.S.themeRunRunning, { done: run.done, count: run.total });
  else if (run && run.status === "failed") text = live.S.themeRunFailed;
  setText(line, text);
  show(line, Boolean(text));
  window.clearTimeout(live.themeRunPoll);
  if (active) live.themeRunPoll = window.setTimeout(() => live.refresh(0), 3000);
}

/** The proposed pairs of shared ground still standing: both notes on the board, not merged. */
function renderPairs(live, list) {
  const S = live.S;
  const notes = new Map(live.state.notes.map((n) => [n.id, n]));
  const standing = (live.sharedPairs || []).filter((pair) => {
    const a = notes.get(pair.region);
    const b = notes.get(pair.agency);
    return a && b && !a.merged_into && !b.merged_into && !a.hidden && !b.hidden;
  });
  place(list, standing.map((pair) => keyed(list, "pair-" + pair.region + "-" + pair.agency, () => {
    const made = clone("shared-pair");
    const part = slots(made);
    const a = notes.get(pair.region);
    const b = notes.get(pair.agency);
    setText(part.region, a.title || a.text);
    setText(part.regionBy, a.organisation ? "(" + a.organisation + ")" : "");
    setText(part.agency, b.title || b.text);
    setText(part.agencyBy, b.organisation ? "(" + b.organisation + ")" : "");
    setText(part.similarity, fmt(S.similarity, { percent: Math.round(pair.similarity * 100) }));
    part.merge.setAttribute("aria-label", fmt(S.mergeShared, { text: a.title || a.text }));
    part.dismiss.setAttribute("aria-label", fmt(S.dismissShared, { text: a.title || a.text }));
    // the pair's item goes once it is merged or dismissed: the focus goes to the next pair's
    // first button, or to "Propose shared ground"
    const refocus = () => {
      const next = made.nextElementSibling || made.previousElementSibling;
      const target = next ? next.querySelector("button") : document.getElementById("control-shared");
      if (target) target.focus();
    };
    part.merge.addEventListener("click", () => {
      live.send("note.merge", { note: pair.agency, into: pair.region }, { done: S.merged }).then((reply) => {
        if (reply.ok) refocus();
      });
    });
    part.dismiss.addEventListener("click", () => {
      refocus();
      live.sharedPairs = live.sharedPairs.filter((p) => p !== pair);
      renderPairs(live, list);
    });
    return made;
  })));
}

/** A theme with its label, its status and its notes, and the tools to accept, rename, merge
 * or reject it; made once, then only its texts and choices change. */
function themeItem(live, list, theme) {
  const S = live.S;
  const item = keyed(list, "theme-" + theme.id, () => {
    const made = clone("theme");
    const part = slots(made);
    const id = "theme-" + theme.id;
    for (const name of ["labelInput", "accept", "rename", "into", "merge", "split", "reject"]) part[name].id = id + "-" + name;
    part.labelInput.addEventListener("input", () => { part.labelInput.dataset.dirty = "yes"; });
    const label = () => part.labelInput.value;
    const sent = (reply) => {
      if (reply.ok) delete part.labelInput.dataset.dirty; // a refused label stays as typed
    };
    part.accept.addEventListener("click", () => {
      live.send("theme.accept", { theme: theme.id, label: label() }, { done: S.themeAccepted }).then(sent);
    });
    part.rename.addEventListener("click", () => {
      live.send("theme.rename", { theme: theme.id, label: label() }, { done: S.themeRenamed }).then(sent);
    });
    part.merge.addEventListener("click", () => {
      if (!part.into.value) return;
      const into = live.state.themes.find((t) => String(t.id) === part.into.value);
      if (!into || !window.confirm(fmt(S.themeMergeConfirm, { label: theme.label, into: into.label }))) return;
      live.send("theme.merge", { theme: theme.id, into: part.into.value }, { done: S.merged });
    });
    part.split.addEventListener("click", () => live.send("theme.split", { theme: theme.id }, { done: S.themeSplit }));
    part.reject.addEventListener("click", () => live.send("theme.reject", { theme: theme.id }, { done: S.themeRejected }));
    part.accept.dataset.focusElse = part.rename.id; // once accepted, "Rename" takes its place
    return made;
  });
  const part = slots(item);
  const count = live.state.notes.filter((n) => n.theme === theme.id).length;
  const accepted = theme.status === "accepted";
  setText(part.label, theme.label);
  setText(part.status, accepted ? part.status.dataset.labelOn : part.status.dataset.labelOff);
  setText(part.count, fmt(S.notesCount, { count }));
  // the label typed stays until it is sent; a label changed by someone else shows otherwise
  if (!part.labelInput.dataset.dirty && document.activeElement !== part.labelInput) part.labelInput.value = theme.label;
  part.labelInput.setAttribute("aria-label", fmt(S.themeLabelOf, { label: theme.label }));
  show(part.accept, !accepted);
  show(part.rename, accepted);
  const others = live.state.themes.filter((t) => t.id !== theme.id).map((t) => [t.id, t.label]);
  part.split.setAttribute("aria-label", fmt(S.splitTheme, { label: theme.label }));
  show(part.split, count >= 2);
  show(part.into, others.length > 0);
  show(part.merge, others.length > 0);
  if (changed(part.into, others)) {
    const kept = part.into.value ? Number(part.into.value) : others.length ? others[0][0] : null;
    fillSelect(part.into, others, others.some(([id]) => id === kept) ? kept : others[0]?.[0]);
  }
  return item;
}
