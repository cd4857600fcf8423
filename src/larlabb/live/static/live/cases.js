// Case dialogues and breakout groups: cases proposed by the participants, chosen by the
// facilitator, one group per chosen case; the groups of each round, one's own table and case,
// the group's notes on it; for the facilitator, the rounds and who sits where.
import { caseForm, noteForm } from "./compose.js";
import { changed, clone, fillSelect, fmt, keyed, place, section, setText, show, slots } from "./dom.js";
import { card } from "./notes.js";

export function forms(live) {
  const a = live.activity;
  const myCase = live.currentCase();
  const forms = [];
  if (a.kind === "case_dialogue" && !live.state.breakout) forms.push(caseForm(live));
  if (myCase) {
    const legend = fmt(live.S.addGroupNote, { title: myCase.title });
    forms.push(noteForm(live, { name: "group-" + myCase.id, legend: legend, caseId: myCase.id, locks: false }));
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
  if (!box) {
    box = clone("groups");
    body.append(box);
  }
  const S = live.S;
  const part = slots(box);
  setText(part.heading, fmt(S.roundOf, { round: b.round + 1, rounds: b.rounds }));
  const mine = b.my_group !== null && b.my_group !== undefined;
  show(part.mine, mine);
  if (mine) {
    const topic = b.topics[b.my_group];
    setText(part.table, fmt(S.yourTable, { table: b.my_group + 1 }));
    setText(part.topic, topic ? " – " + topic.title : "");
  }
  show(part.cases, withCases);
  if (withCases) {
    const keys = b.topics.map((topic, index) => {
      const notes = live.state.notes.filter((n) => n.case === topic.id && live.visible(n));
      const heading = fmt(S.tableCase, { table: index + 1, title: topic.title });
      place(section(part.cases, "case-" + topic.id, heading, 3), notes.map((n) => card(live, n)));
      return "case-" + topic.id;
    });
    for (const old of [...part.cases.children]) if (!keys.includes(old.dataset.key)) old.remove();
  }
  const seating = live.controlling && Boolean(b.table);
  show(part.rounds, seating);
  show(part.grid, seating);
  if (seating) renderSeating(live, b, part);
}

/** The facilitator's view of the current round: a button per round, and each table with its
 * people, each of whom can be moved to another table (choose the table, then "Move"). */
function renderSeating(live, b, part) {
  const S = live.S;
  const rounds = [];
  for (let round = 0; round < b.rounds; round += 1) {
    const button = keyed(part.rounds, "round-" + round, () => {
      const made = clone("round");
      made.id = "round-" + round;
      made.addEventListener("click", () => live.send("groups.round", { round: round }, { done: fmt(S.roundShown, { round: round + 1 }) }));
      return made;
    });
    setText(button, fmt(S.roundButton, { round: round + 1 }));
    button.setAttribute("aria-pressed", round === b.round ? "true" : "false");
    rounds.push(button);
  }
  place(part.rounds, rounds);
  const tables = [];
  for (let g = 0; g < b.groups; g += 1) tables.push([g, fmt(S.tableShort, { table: g + 1 })]);
  place(part.grid, b.table[b.round].map((people, group) => {
    const table = keyed(part.grid, "table-" + group, () => clone("group"));
    const topic = b.topics[group];
    setText(slots(table).heading, fmt(S.tableShort, { table: group + 1 }) + (topic ? " – " + topic.title : ""));
    const list = slots(table).people;
    place(list, people.map((person) => seat(live, list, person, group, tables)));
    return table;
  }));
}

/** A person at a table, with the choice of another table and the button that moves them. */
function seat(live, list, person, group, tables) {
  const S = live.S;
  const item = keyed(list, "person-" + person.id, () => {
    const made = clone("person");
    const bits = slots(made);
    bits.move.id = "person-" + person.id + "-table";
    bits.go.id = "person-" + person.id + "-move";
    bits.move.addEventListener("change", () => { bits.move.dataset.dirty = "yes"; });
    bits.go.addEventListener("click", () => {
      delete bits.move.dataset.dirty;
      const b = live.state.breakout;
      const to = Number(bits.move.value);
      if (to === Number(made.dataset.group)) return;
      live.send("groups.move", { participant: person.id, round: b.round, group: to },
        { done: fmt(S.personMoved, { name: person.name, table: to + 1 }) });
    });
    return made;
  });
  item.dataset.group = String(group);
  const bits = slots(item);
  const where = person.organisation ? ", " + person.organisation : "";
  setText(bits.name, person.name + where + " · " + live.sideName(person.side));
  bits.move.setAttribute("aria-label", fmt(S.movePerson, { name: person.name }));
  bits.go.setAttribute("aria-label", fmt(S.movePersonGo, { name: person.name }));
  if (changed(bits.move, tables)) fillSelect(bits.move, tables, group);
  if (!bits.move.dataset.dirty && document.activeElement !== bits.move) bits.move.value = String(group);
  return item;
}
