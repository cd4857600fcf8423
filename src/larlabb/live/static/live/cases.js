// Case dialogues and breakout groups: cases proposed by the participants, chosen by the
// facilitator, one group per chosen case; the groups of each round, one's own table and case,
// the group's notes on it; for the facilitator, the rounds and who sits where.
import { caseForm, noteForm } from "./compose.js";
import { changed, clone, fillSelect, fmt, place, section, setText, show, slots } from "./dom.js";
import { card } from "./notes.js";

export function forms(live) {
  const a = live.activity;
  const myCase = live.currentCase();
  const forms = [];
  if (a.kind === "case_dialogue" && !a.locked && !live.state.breakout) forms.push(caseForm(live));
  if (myCase) {
    const legend = fmt(live.S.addGroupNote, { title: myCase.title });
    forms.push(noteForm(live, { legend: legend, caseId: myCase.id }));
  }
  return forms;
}

export function renderBody(live, body) {
  const withCases = live.activity.kind === "case_dialogue";
  if (withCases) {
    const cases = live.state.notes.filter((n) => !n.case && live.visible(n) && !n.merged_into);
    const heading = live.S.cases + " (" + cases.length + ")";
    place(section(body, "cases", heading, 2), cases.map((n) => card(live, n)));
  }
  renderGroups(live, body, withCases);
}

/** The facilitator makes the groups: for a breakout how many, for a case dialogue one per
 * chosen case (once a case is chosen); how many rounds, and a variant of the allocation. */
export function renderControls(live, box) {
  const form = box.querySelector("[data-slot='allocate']");
  if (!form) return;
  const part = slots(form);
  if (!form.dataset.ready) {
    form.dataset.ready = "yes";
    part.allocate.addEventListener("click", () => {
      const payload = { rounds: part.rounds.value, seed: part.seed.value };
      if (part.groups) payload.groups = part.groups.value;
      live.send("groups.allocate", payload);
    });
  }
  const b = live.state.breakout;
  if (changed(form, [b && b.groups, b && b.rounds])) {
    if (part.groups) part.groups.value = String((b && b.groups) || 4);
    part.rounds.value = String((b && b.rounds) || 2);
  }
  show(form, live.activity.kind === "breakout" || live.state.notes.some((n) => n.chosen));
}

function renderGroups(live, body, withCases) {
  let box = body.querySelector(":scope > .groups");
  const b = live.state.breakout;
  if (!b) {
    if (box) box.remove();
    return;
  }
  const fresh = clone("groups");
  if (box) box.replaceWith(fresh);
  else body.append(fresh);
  box = fresh;
  const S = live.S;
  const part = slots(box);
  setText(part.heading, fmt(S.roundOf, { round: b.round + 1, rounds: b.rounds }));
  const mine = b.my_group !== null && b.my_group !== undefined;
  if (mine) {
    const topic = b.topics[b.my_group];
    setText(part.table, fmt(S.yourTable, { table: b.my_group + 1 }));
    setText(part.topic, topic ? " – " + topic.title : "");
  } else {
    part.mine.remove();
  }
  if (withCases) {
    b.topics.forEach((topic, index) => {
      const notes = live.state.notes.filter((n) => n.case === topic.id && live.visible(n));
      const heading = fmt(S.tableCase, { table: index + 1, title: topic.title });
      place(section(part.cases, "case-" + topic.id, heading, 3), notes.map((n) => card(live, n)));
    });
  }
  if (live.controlling && b.table) {
    renderSeating(live, b, part);
  } else {
    part.rounds.remove();
    part.grid.remove();
  }
}

/** The facilitator's view of the current round: a button per round, and each table with its
 * people, who can be moved to another table. */
function renderSeating(live, b, part) {
  const S = live.S;
  for (let round = 0; round < b.rounds; round += 1) {
    const button = clone("round");
    setText(button, fmt(S.roundButton, { round: round + 1 }));
    button.setAttribute("aria-pressed", round === b.round ? "true" : "false");
    button.addEventListener("click", () => live.send("groups.round", { round: round }));
    part.rounds.append(button);
  }
  const tables = [];
  for (let g = 0; g < b.groups; g += 1) tables.push([g, fmt(S.tableShort, { table: g + 1 })]);
  b.table[b.round].forEach((people, group) => {
    const table = clone("group");
    const topic = b.topics[group];
    setText(slots(table).heading, fmt(S.tableShort, { table: group + 1 }) + (topic ? " – " + topic.title : ""));
    for (const person of people) {
      const item = clone("person");
      const bits = slots(item);
      const where = person.organisation ? ", " + person.organisation : "";
      setText(bits.name, person.name + where + " · " + live.sideName(person.side));
      bits.move.setAttribute("aria-label", fmt(S.movePerson, { name: person.name }));
      fillSelect(bits.move, tables, group);
      bits.move.addEventListener("change", () => {
        live.send("groups.move", { participant: person.id, round: b.round, group: bits.move.value });
      });
      slots(table).people.append(item);
    }
    part.grid.append(table);
  });
}
