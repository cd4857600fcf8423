// What a screen knows of an activity: the state the server sent (with the number of its last
// event), the events applied since, and what this person has written and voted. The modules
// of each kind read it and send what the person does through it.

export class Live {
  /**
   * @param {object} config the page's settings (role, addresses, projector …)
   * @param {object} strings the texts the script chooses or fills in (live/strings.py)
   * @param {object} state the activity's state as the server gave it
   * @param {object} io send(op, payload) → Promise, schedule(), error(text), announce(text)
   */
  constructor(config, strings, state, io) {
    this.config = config;
    this.S = strings;
    this.io = io;
    this.facilitator = config.role === "facilitator";
    this.projector = Boolean(config.projector);
    this.cards = new Map();
    this.ranking = null; // one's own order of a ranking, kept until the options change
    this.version = 0; // counts the changes of the state: what is worked out from it is kept per version
    this.load(state);
  }

  /** The state as fetched from the server, replacing what the screen had. */
  load(state) {
    this.state = state;
    this.mine = new Set(state.mine.notes);
    this.myVotes = state.mine.votes || {};
    this.version += 1;
    for (const id of this.cards.keys()) if (!state.notes.some((note) => note.id === id)) this.cards.delete(id);
  }

  /** Apply a numbered event; false when the screen must fetch the state instead. */
  apply(kind, data) {
    const notes = this.state.notes;
    this.version += 1;
    if (kind === "note") {
      const index = notes.findIndex((note) => note.id === data.id);
      if (index >= 0) notes[index] = data;
      else notes.push(data);
      return true;
    }
    if (kind === "note-gone") {
      this.state.notes = notes.filter((note) => note.id !== data.id);
      this.cards.delete(data.id);
      return true;
    }
    return false;
  }

  /** Send an operation; its answer updates what is mine and shows a refusal, which stays
   * until the next success. `done` (a text, or a function giving it once the answer is in)
   * tells the person that it worked. */
  send(op, payload, { done = null } = {}) {
    return this.io.send(op, payload).then((reply) => {
      if (!reply.ok) this.io.error(reply.error);
      if (reply.ok && reply.note) this.mine.add(reply.note);
      if (reply.ok && reply.votes) this.myVotes = reply.votes;
      if (reply.ok) this.version += 1;
      if (reply.ok) {
        this.io.error("");
        if (done) this.io.announce(typeof done === "function" ? done() : done);
      }
      this.io.schedule(true);
      return reply;
    });
  }

  schedule() {
    this.io.schedule(true);
  }

  error(text) {
    this.io.error(text);
  }

  announce(text) {
    this.io.announce(text);
  }

  /** Whether the socket is open now (a note sent while it is not waits for it). */
  connected() {
    return this.io.connected();
  }

  note(id) {
    return this.index().byId.get(id);
  }

  /** What the cards need to know of the other notes, worked out once per change of the state
   * (not once per card): each note by id, the notes merged into each, and the notes of each
   * column and case that a note there may be merged into. */
  index() {
    if (this.indexed && this.indexed.version === this.version) return this.indexed;
    const byId = new Map();
    const mergedInto = new Map();
    const groups = new Map();
    for (const note of this.state.notes) {
      byId.set(note.id, note);
      if (note.merged_into) {
        if (!mergedInto.has(note.merged_into)) mergedInto.set(note.merged_into, []);
        mergedInto.get(note.merged_into).push(note);
      } else {
        const group = note.column + "/" + note.case;
        if (!groups.has(group)) groups.set(group, []);
        groups.get(group).push(note);
      }
    }
    this.indexed = { version: this.version, byId, mergedInto, groups, signatures: new Map() };
    return this.indexed;
  }

  /** Whether a note is an option of a poll, a ranking or a dot vote, or a statement of an
   * opinion map (rather than a note someone wrote on a board or a case). */
  isOption(note) {
    return ["poll", "ranking", "dot_voting", "opinions"].includes(this.activity.kind) && !note.column && !note.case;
  }

  /** The largest total of the options, or 0 while the results are not shown. */
  largestTotal() {
    return Math.max(0, ...this.options().map((n) => this.total(n) || 0));
  }

  get activity() {
    return this.state.activity;
  }

  /** Whether the controls of a facilitator show (not on the projector). */
  get controlling() {
    return this.facilitator && !this.projector;
  }

  sideName(side) {
    return this.S.sides[side] || side;
  }

  visible(note) {
    return this.facilitator || !note.hidden;
  }

  /** A note's votes (or points), or null while the results are not shown. */
  total(note) {
    return this.state.totals ? this.state.totals[note.id] || 0 : null;
  }

  usedDots() {
    return Object.values(this.myVotes).reduce((sum, value) => sum + value, 0);
  }

  /** The options of a poll, a ranking or a dot vote: notes outside columns and cases. */
  options() {
    return this.state.notes.filter((n) => !n.column && !n.case && this.visible(n));
  }

  column(id) {
    return this.state.columns.find((c) => c.id === id);
  }

  /** Whether a note is on a scenario of a foresight (rather than on a board column). */
  onScenario(note) {
    const column = this.column(note.column);
    return Boolean(column) && column.kind === "scenario";
  }

  /** Whether a note is a trend of a foresight board (on one of its board columns). */
  isTrend(note) {
    const column = this.column(note.column);
    return Boolean(column) && column.kind === "board";
  }

  /** Whether this screen may move notes between groups: a facilitator's (not the projector)
   * on a board, or a participant's while the facilitator lets participants group the notes
   * and the board is open and unlocked (the server checks the same). */
  mayGroup() {
    const a = this.activity;
    if (!["board", "perspectives"].includes(a.kind)) return false;
    if (this.controlling) return true;
    return Boolean(this.state.me) && a.participants_group && a.status === "open" && !a.locked;
  }

  /** Whether the board shows its groups rather than its columns: when this screen chose so
   * and there is a group to show. */
  showsGroups() {
    return this.view === "groups" && this.state.themes.length > 0;
  }

  /** Where the perspectives meet, from the notes as they are now (as rules.meeting_points
   * on the server): the themes, and the groups of merged notes, holding notes of both regions
   * and agencies. */
  meeting() {
    const themeSides = new Map();
    const groupSides = new Map();
    const add = (map, key, side) => {
      if (!map.has(key)) map.set(key, new Set());
      map.get(key).add(side);
    };
    for (const note of this.state.notes) {
      if (note.hidden || note.case) continue;
      if (note.theme) add(themeSides, note.theme, note.side);
      add(groupSides, note.merged_into || note.id, note.side);
    }
    const both = ([, sides]) => sides.has("region") && sides.has("agency");
    return {
      themes: [...themeSides].filter(both).map(([id]) => id),
      notes: [...groupSides].filter(both).map(([id]) => id),
    };
  }

  /** The case that this person's group discusses in the current round, if any. */
  currentCase() {
    const b = this.state.breakout;
    if (!b || b.my_group === null || b.my_group === undefined) return null;
    return b.topics[b.my_group] || null;
  }
}
