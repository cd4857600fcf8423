// The live room on a phone, the facilitator's screen and the projector. The page carries the
// activity's state (with the number of its last event); a WebSocket brings every later event
// in order. A lost connection comes back by itself and asks for the events after the last one
// it has; what a person submits waits in a queue until the server confirms it (over the
// socket, or over HTTP when the socket stays down), and a note carries a key so that a retried
// submission is stored once. Every text a person wrote is set as text, never as HTML.
(function () {
  "use strict";
  const root = document.getElementById("live");
  if (!root) return;
  const config = JSON.parse(document.getElementById("live-config").textContent);
  const S = JSON.parse(document.getElementById("live-strings").textContent);
  let state = JSON.parse(document.getElementById("live-state").textContent);
  const facilitator = config.role === "facilitator";
  const errorBox = document.getElementById("live-error");
  const connectionBox = document.getElementById("live-connection");
  const pending = new Map();
  const cards = new Map();
  let seq = state.seq;
  let socket = null;
  let delay = 500;
  let mine = new Set(state.mine.notes);
  let myVotes = state.mine.votes || {};
  let ranking = null;
  let scheduled = false;
  let refetching = null;
  let composeSignature = "";
  let tallyStamp = 0;
  let connectedBefore = false;

  // --- Small helpers ----------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }
  function fmt(text, values) {
    return text.replace(/%\((\w+)\)[sd]/g, (_, key) => String(values[key]));
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
      (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));
  }
  function cookie(name) {
    const match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }
  function showError(message) {
    errorBox.textContent = message || "";
    if (message) window.setTimeout(() => { if (errorBox.textContent === message) errorBox.textContent = ""; }, 8000);
  }
  function setConnection(open) {
    root.dataset.connected = open ? "yes" : "no";
    connectionBox.textContent = open ? "" : S.reconnecting;
  }
  const A = () => state.activity;
  const sideName = (side) => S.sides[side] || side;

  // --- Sending: over the socket, or HTTP when it stays down; kept until confirmed -----------
  function send(op, payload) {
    const ref = newKey();
    const message = Object.assign({ op: op, ref: ref }, payload || {});
    return new Promise((resolve) => {
      const entry = { message: message, resolve: resolve, timer: null };
      pending.set(ref, entry);
      trySend(entry);
    });
  }
  function trySend(entry) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(entry.message));
    window.clearTimeout(entry.timer);
    entry.timer = window.setTimeout(() => sendByHttp(entry), 4000);
  }
  function sendByHttp(entry) {
    if (!pending.has(entry.message.ref)) return;
    fetch(config.op, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": cookie("csrftoken") },
      body: JSON.stringify(entry.message),
    }).then((response) => response.json())
      .then((reply) => acknowledge(Object.assign({ ack: entry.message.ref }, reply)))
      .catch(() => { entry.timer = window.setTimeout(() => trySend(entry), 3000); });
  }
  function acknowledge(reply) {
    const entry = pending.get(reply.ack);
    if (!entry) return;
    pending.delete(reply.ack);
    window.clearTimeout(entry.timer);
    if (!reply.ok) showError(reply.error);
    if (reply.ok && reply.note) mine.add(reply.note);
    if (reply.ok && reply.votes) myVotes = reply.votes;
    entry.resolve(reply);
    schedule();
  }

  // --- Receiving ----------------------------------------------------------------------------
  function connect() {
    const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    const extra = config.projector ? "&projector=1" : "";
    socket = new WebSocket(scheme + window.location.host + config.socket + "?since=" + seq + extra);
    socket.addEventListener("open", () => {
      delay = 500;
      setConnection(true);
      for (const entry of pending.values()) trySend(entry);
      if (connectedBefore) refetch(Math.random() * 1000);  // results are not replayed: fetch them
      connectedBefore = true;
    });
    socket.addEventListener("message", (event) => {
      const data = JSON.parse(event.data);  // events that came close together arrive as a list
      for (const message of Array.isArray(data) ? data : [data]) receive(message);
    });
    socket.addEventListener("close", (event) => {
      setConnection(false);
      if (event.code === 4403) return;
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    });
  }
  function receive(message) {
    if ("ack" in message) return acknowledge(message);
    if (message.room) return follow(message.room.current);
    if (message.kind === "tally") {
      if (message.stamp < tallyStamp) return;
      tallyStamp = message.stamp;
      state.totals = message.data.totals;
      state.voters = message.data.voters;
      return schedule();
    }
    if (typeof message.seq !== "number" || message.seq <= seq) return;
    if (message.seq > seq + 1) {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ sync: seq }));
      return;
    }
    seq = message.seq;
    apply(message.kind, message.data);
    root.dataset.seq = String(seq);
  }
  function follow(current) {
    if (!config.follow || !current || current === config.activity) return;
    window.location.assign(config.activityUrl.replace("/0/", "/" + current + "/"));
  }
  function apply(kind, data) {
    if (kind === "note") {
      const index = state.notes.findIndex((note) => note.id === data.id);
      if (index >= 0) state.notes[index] = data; else state.notes.push(data);
    } else if (kind === "note-gone") {
      state.notes = state.notes.filter((note) => note.id !== data.id);
    } else {
      refetch(kind === "state" && !facilitator ? Math.random() * 800 : 0);
      return;
    }
    schedule();
  }
  function refetch(wait) {
    if (refetching) return;
    refetching = window.setTimeout(() => {
      const url = config.state + (config.projector ? "?projector=1" : "");
      fetch(url, { credentials: "same-origin" }).then((r) => r.json()).then((fresh) => {
        refetching = null;
        state = fresh;
        mine = new Set(fresh.mine.notes);
        myVotes = fresh.mine.votes || {};
        ranking = null;
        seq = fresh.seq;
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ sync: seq }));
        composeSignature = "";
        schedule();
      }).catch(() => { refetching = null; refetch(2000); });
    }, wait || 0);
  }

  // --- Rendering ----------------------------------------------------------------------------
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    window.requestAnimationFrame(() => { scheduled = false; render(); });
  }
  function part(name, tag) {
    let node = root.querySelector(":scope > [data-part='" + name + "']");
    if (!node) { node = el(tag || "div", { "data-part": name, class: "live-" + name }); root.append(node); }
    return node;
  }
  const visible = (note) => facilitator || !note.hidden;
  const total = (note) => (state.totals ? state.totals[note.id] || 0 : null);
  const usedDots = () => Object.values(myVotes).reduce((sum, value) => sum + value, 0);
  const writable = () => A().status === "open" && !A().locked;
  const options = () => state.notes.filter((n) => !n.column && !n.case && visible(n));

  function render() {
    renderStatus();
    if (facilitator && !config.projector) renderControls();
    renderCompose();
    renderBody();
  }

  function renderStatus() {
    const a = A();
    const bits = [S.status[a.status]];
    if (a.locked) bits.push(S.locked);
    if (a.accepts_votes && a.vote_mode === "dots" && state.me) bits.push(fmt(S.dotsLeft, { n: a.dots - usedDots(), total: a.dots }));
    if (state.totals && state.voters !== null) bits.push(fmt(S.voters, { n: state.voters }));
    if (a.revealed) bits.push(S.revealed);
    part("status", "p").textContent = bits.join(" · ");
  }

  function button(text, handler, attrs) {
    return el("button", Object.assign({ type: "button", class: "button secondary small", onclick: handler, text: text }, attrs || {}));
  }
  function toggle(name, on, labelOn, labelOff) {
    const payload = {};
    payload[name] = !on;
    return button(on ? labelOff : labelOn, () => send("set", payload), { "aria-pressed": on ? "true" : "false" });
  }

  function renderControls() {
    const a = A();
    const box = part("controls", "section");
    box.replaceChildren();
    box.setAttribute("aria-label", S.controls);
    const row = el("div", { class: "actions" });
    if (a.status !== "open") row.append(button(a.status === "draft" ? S.open : S.reopen, () => send("set", { status: "open" })));
    if (a.status === "open") row.append(button(S.close, () => send("set", { status: "closed" })));
    if (["board", "perspectives", "case_dialogue", "foresight"].includes(a.kind)) {
      row.append(toggle("locked", a.locked, S.lock, S.unlock));
      if (a.vote_mode || a.kind === "foresight") row.append(toggle("voting_open", a.voting_open, a.kind === "foresight" ? S.openRating : S.openVoting, a.kind === "foresight" ? S.closeRating : S.closeVoting));
    }
    if (a.vote_mode || a.kind === "foresight") row.append(toggle("revealed", a.revealed, S.reveal, S.conceal));
    row.append(toggle("hide_authors", a.hide_authors, S.hideAuthors, S.showAuthors));
    row.append(toggle("allow_guests", a.allow_guests, S.allowGuests, S.noGuests));
    row.append(button(S.present, () => send("present", {})));
    box.append(row);
    if (["board", "perspectives", "case_dialogue", "foresight"].includes(a.kind)) box.append(renderThemeTools());
    if (a.kind === "breakout" || (a.kind === "case_dialogue" && state.notes.some((n) => n.chosen))) box.append(renderAllocate());
    if (a.kind === "foresight" && state.foresight) box.append(renderAxes());
  }

  function renderThemeTools() {
    const wrap = el("div", { class: "themes-tools" }, el("h2", { text: S.themes }));
    wrap.append(button(S.suggestThemes, () => send("themes.suggest", {})));
    const list = el("ul", { class: "plain" });
    for (const theme of state.themes) {
      const count = state.notes.filter((n) => n.theme === theme.id).length;
      const label = el("input", { type: "text", value: theme.label, maxlength: "80", "aria-label": S.themeLabel, class: "short" });
      const item = el("li", { "data-theme": theme.id },
        el("strong", { text: theme.label }), " ",
        el("span", { class: "badge", text: theme.status === "accepted" ? S.accepted : S.suggested }), " ",
        el("span", { class: "muted", text: fmt(S.notesCount, { n: count }) }));
      const actions = el("div", { class: "inline-form" }, label);
      if (theme.status !== "accepted") actions.append(button(S.accept, () => send("theme.accept", { theme: theme.id, label: label.value })));
      else actions.append(button(S.rename, () => send("theme.rename", { theme: theme.id, label: label.value })));
      const others = state.themes.filter((t) => t.id !== theme.id);
      if (others.length) {
        const select = el("select", { "aria-label": S.mergeInto });
        for (const other of others) select.append(el("option", { value: other.id, text: other.label }));
        actions.append(select, button(S.merge, () => send("theme.merge", { theme: theme.id, into: select.value })));
      }
      actions.append(button(S.reject, () => send("theme.reject", { theme: theme.id })));
      item.append(actions);
      list.append(item);
    }
    wrap.append(list);
    return wrap;
  }

  function renderAllocate() {
    const groups = el("input", { type: "number", min: "1", max: "40", value: String((state.breakout && state.breakout.groups) || 4), id: "alloc-groups" });
    const rounds = el("input", { type: "number", min: "1", max: "8", value: String((state.breakout && state.breakout.rounds) || 2), id: "alloc-rounds" });
    const seed = el("input", { type: "number", min: "0", value: "0", id: "alloc-seed" });
    const form = el("div", { class: "allocate" }, el("h2", { text: S.groups }));
    const fields = el("div", { class: "inline-form" });
    if (A().kind === "breakout") fields.append(el("label", { for: "alloc-groups", text: S.groupCount }), groups);
    fields.append(el("label", { for: "alloc-rounds", text: S.roundCount }), rounds,
      el("label", { for: "alloc-seed", text: S.seed }), seed,
      button(S.allocate, () => send("groups.allocate", { groups: groups.value, rounds: rounds.value, seed: seed.value })));
    form.append(fields);
    return form;
  }

  function renderAxes() {
    const trends = state.notes.filter((n) => isTrend(n) && !n.hidden);
    const box = el("div", { class: "axes" }, el("h2", { text: S.scenarioAxes }));
    if (trends.length < 2) { box.append(el("p", { text: S.needTrends })); return box; }
    const critical = state.foresight.critical || [];
    const make = (id, label, chosen) => {
      const select = el("select", { id: id });
      for (const t of trends) select.append(el("option", { value: t.id, text: t.text, selected: t.id === chosen }));
      return [el("label", { for: id, text: label }), select];
    };
    const first = critical[0] || trends[0].id;
    const second = critical[1] || trends.find((t) => t.id !== first).id;
    const axes = state.foresight.axes || { x: first, y: second };
    const [lx, x] = make("axis-x", S.axisX, axes.x);
    const [ly, y] = make("axis-y", S.axisY, axes.y);
    box.append(el("div", { class: "inline-form" }, lx, x, ly, y, button(S.chooseAxes, () => send("axes", { x: x.value, y: y.value }))));
    return box;
  }

  // The forms to write: rebuilt only when what they offer changes, so typing is never lost.
  function renderCompose() {
    const a = A();
    const myCase = currentCase();
    const quadrants = state.columns.filter((c) => c.kind === "scenario");
    const signature = JSON.stringify([a.status, a.locked, a.kind, state.columns.map((c) => [c.id, c.title]), myCase && myCase.id, !!state.me]);
    if (signature === composeSignature) return;
    composeSignature = signature;
    const box = part("compose", "section");
    box.replaceChildren();
    if (!state.me || a.status !== "open" || config.projector) return;
    if (["board", "perspectives"].includes(a.kind) && !a.locked) box.append(noteForm(state.columns, S.addNote));
    if (a.kind === "foresight" && !a.locked) box.append(noteForm(state.columns.filter((c) => c.kind === "board"), S.addTrend, S.category));
    if (a.kind === "foresight" && quadrants.length) box.append(noteForm(quadrants, S.addScenarioNote, S.scenario));
    if (a.kind === "case_dialogue" && !a.locked && !state.breakout) box.append(caseForm());
    if (myCase) box.append(noteForm([], fmt(S.addGroupNote, { title: myCase.title }), null, myCase.id));
    box.setAttribute("aria-label", S.write);
  }

  let formCount = 0;
  function noteForm(columns, legend, columnLabel, caseId) {
    formCount += 1;
    const id = "compose-" + formCount;
    const text = el("textarea", { id: id + "-text", maxlength: String(S.limit), rows: "2", required: true });
    const form = el("form", { class: "compose", novalidate: true }, el("h2", { text: legend }));
    let select = null;
    if (columns.length) {
      select = el("select", { id: id + "-column" });
      for (const column of columns) select.append(el("option", { value: column.id, text: column.title }));
      form.append(el("label", { for: id + "-column", text: columnLabel || S.column }), select);
    }
    form.append(el("label", { for: id + "-text", text: S.yourNote }), text,
      el("span", { class: "helptext", text: fmt(S.limitHelp, { n: S.limit }) }),
      el("p", { class: "actions" }, el("button", { type: "submit", text: S.post })));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = text.value;
      if (!value.trim()) { showError(S.empty); text.focus(); return; }
      const payload = { text: value, key: newKey() };
      if (select) payload.column = select.value;
      if (caseId) payload.case = caseId;
      text.value = "";
      send("note.add", payload).then((reply) => { if (!reply.ok) text.value = value; });
    });
    return form;
  }
  function caseForm() {
    const title = el("input", { type: "text", id: "case-title", maxlength: "120", required: true });
    const text = el("textarea", { id: "case-text", maxlength: String(S.limit), rows: "3" });
    const form = el("form", { class: "compose", novalidate: true }, el("h2", { text: S.proposeCase }),
      el("label", { for: "case-title", text: S.caseTitle }), title,
      el("label", { for: "case-text", text: S.caseText }), text,
      el("p", { class: "actions" }, el("button", { type: "submit", text: S.propose })));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!title.value.trim()) { showError(S.caseNeedsTitle); title.focus(); return; }
      const payload = { title: title.value, text: text.value, key: newKey() };
      const kept = [title.value, text.value];
      title.value = ""; text.value = "";
      send("note.add", payload).then((reply) => { if (!reply.ok) { title.value = kept[0]; text.value = kept[1]; } });
    });
    return form;
  }

  // --- The body: notes in columns, options, groups, foresight -------------------------------
  function isTrend(note) {
    const column = state.columns.find((c) => c.id === note.column);
    return column && column.kind === "board";
  }
  function renderBody() {
    const kind = A().kind;
    const body = part("body");
    if (body.dataset.kind !== kind) { body.replaceChildren(); body.dataset.kind = kind; }
    if (kind === "poll" || kind === "dot_voting") renderOptions(body);
    else if (kind === "ranking") renderRanking(body);
    else if (kind === "breakout") renderGroups(body, false);
    else if (kind === "case_dialogue") { renderCases(body); renderGroups(body, true); }
    else renderBoard(body);
    if (kind === "foresight") renderForesight(body);
  }

  function section(parent, key, heading, level) {
    let node = parent.querySelector(":scope > [data-section='" + key + "']");
    if (!node) {
      node = el("section", { "data-section": key, class: "board-section" });
      const id = "h-" + key;
      node.setAttribute("aria-labelledby", id);
      node.append(el("h" + (level || 2), { id: id, text: heading }));
      node.append(el("ul", { class: "notes" }));
      parent.append(node);
    } else {
      node.firstChild.textContent = heading;
    }
    return node.querySelector("ul.notes");
  }
  function place(list, nodes) {
    nodes.forEach((node, index) => { if (list.children[index] !== node) list.insertBefore(node, list.children[index] || null); });
    while (list.children.length > nodes.length) list.lastChild.remove();
  }

  function renderBoard(body) {
    const a = A();
    const columns = state.columns;
    const perspectives = a.kind === "perspectives";
    let grid = body.querySelector(":scope > .board");
    const signature = JSON.stringify([columns.map((c) => [c.id, c.title]), perspectives]);
    if (!grid || grid.dataset.signature !== signature) {
      if (grid) grid.remove();
      grid = el("div", { class: "board" + (perspectives ? " perspectives" : ""), "data-signature": signature });
      body.prepend(grid);
    }
    if (perspectives) renderMeeting(grid);
    for (const column of columns) {
      const isQuadrant = column.kind === "scenario";
      const holder = grid.querySelector("[data-column='" + column.id + "']") || grid.appendChild(el("div", { "data-column": column.id, class: "board-column" + (isQuadrant ? " quadrant" : "") }));
      const notes = state.notes.filter((n) => n.column === column.id && visible(n) && !n.merged_into);
      if (perspectives) {
        const lanes = [["region", S.regions], ["agency", S.agencies], ["other", S.others]];
        section(holder, "col-" + column.id, column.title, 2);
        for (const [side, label] of lanes) {
          const sideNotes = notes.filter((n) => (n.side || "other") === side);
          if (side === "other" && !sideNotes.length) continue;
          place(section(holder, "col-" + column.id + "-" + side, label + " (" + sideNotes.length + ")", 3), sideNotes.map(card));
        }
      } else {
        place(section(holder, "col-" + column.id, column.title + " (" + notes.length + ")", 2), notes.map(card));
      }
      if (isQuadrant) renderNarrative(holder, column);
    }
  }

  function renderMeeting(grid) {
    let box = grid.querySelector(":scope > .meeting");
    if (!box) { box = el("section", { class: "meeting", "aria-labelledby": "h-meeting" }); grid.prepend(box); }
    box.replaceChildren(el("h2", { id: "h-meeting", text: S.meeting }));
    const themes = state.themes.filter((t) => state.meeting.themes.includes(t.id));
    const groups = state.notes.filter((n) => state.meeting.notes.includes(n.id) && visible(n));
    if (!themes.length && !groups.length) { box.append(el("p", { class: "muted", text: S.meetingNone })); return; }
    const list = el("ul", { class: "plain" });
    for (const theme of themes) {
      const notes = state.notes.filter((n) => n.theme === theme.id && visible(n));
      const count = (side) => notes.filter((n) => n.side === side).length;
      list.append(el("li", {}, el("strong", { text: theme.label }), " ",
        el("span", { class: "muted", text: fmt(S.bothSides, { regions: count("region"), agencies: count("agency") }) })));
    }
    for (const note of groups) list.append(el("li", {}, el("span", { text: note.text }), " ", el("span", { class: "muted", text: S.mergedBoth })));
    box.append(list);
  }

  function renderNarrative(holder, column) {
    let box = holder.querySelector(":scope > .narrative");
    if (!box) { box = el("div", { class: "narrative" }); holder.append(box); }
    if (facilitator && !config.projector) {
      if (box.dataset.ready) return;
      box.dataset.ready = "1";
      const id = "narrative-" + column.id;
      const area = el("textarea", { id: id, rows: "3", maxlength: "2000" });
      area.value = column.narrative;
      box.append(el("label", { for: id, text: S.narrative }), area,
        button(S.saveNarrative, () => send("narrative", { column: column.id, narrative: area.value })));
    } else {
      box.replaceChildren(el("p", { class: "narrative-text", text: column.narrative || S.noNarrative }));
    }
  }

  function card(note) {
    let node = cards.get(note.id);
    if (!node) { node = el("li", { class: "note", id: "note-" + note.id }); cards.set(note.id, node); }
    const a = A();
    const signature = JSON.stringify([note, total(note), myVotes[note.id] || 0, a.accepts_votes, a.status, a.locked, mine.has(note.id), state.themes.length, a.revealed, usedDots()]);
    if (node.dataset.signature === signature) return node;
    node.dataset.signature = signature;
    node.className = "note side-" + (note.side || "other") + (note.hidden ? " hidden-note" : "") + (note.chosen ? " chosen" : "");
    const content = [];
    if (note.hidden && !facilitator) {
      node.replaceChildren(el("p", { class: "muted", text: S.hiddenNote }));
      return node;
    }
    if (note.title) content.push(el("p", { class: "note-title", text: note.title }));
    if (note.text) content.push(el("p", { class: "note-text", text: note.text }));
    const meta = [];
    if (note.author && !(note.anonymous && !facilitator)) meta.push(note.author);
    if (note.organisation && !(note.anonymous && !facilitator)) meta.push(note.organisation);
    meta.push(sideName(note.side));
    content.push(el("p", { class: "note-meta", text: meta.join(" · ") }));
    const theme = state.themes.find((t) => t.id === note.theme);
    if (theme) content.push(el("p", { class: "note-theme", text: fmt(S.themeIs, { label: theme.label }) }));
    if (note.hidden) content.push(el("p", { class: "badge", text: S.hiddenForRoom }));
    if (note.chosen) content.push(el("p", { class: "badge", text: S.chosenCase }));
    const merged = state.notes.filter((n) => n.merged_into === note.id && visible(n));
    if (merged.length) content.push(el("p", { class: "note-merged", text: fmt(S.mergedWith, { text: merged.map((n) => n.title || n.text).join(" / ") }) }));
    if (total(note) !== null && a.vote_mode && a.vote_mode !== "rank" && !note.case) content.push(el("p", { class: "note-total", text: fmt(S.votesOn, { n: total(note) }) }));
    if (a.accepts_votes && a.vote_mode === "dots" && state.me && !note.case) content.push(dots(note));
    if (mine.has(note.id) && a.status === "open" && (!a.locked || note.case || isQuadrantNote(note))) content.push(ownTools(note));
    if (facilitator && !config.projector) content.push(facilitatorTools(note));
    node.replaceChildren(...content);
    return node;
  }
  function isQuadrantNote(note) {
    const column = state.columns.find((c) => c.id === note.column);
    return column && column.kind === "scenario";
  }
  function dots(note) {
    const value = myVotes[note.id] || 0;
    const label = note.title || note.text;
    const canAdd = usedDots() < A().dots && (A().several_dots || value === 0);
    return el("div", { class: "dots" },
      button("−", () => send("vote", { note: note.id, value: value - 1 }), { "aria-label": fmt(S.removeDot, { text: label }), disabled: value === 0 }),
      el("span", { class: "dot-count", text: fmt(S.myDots, { n: value }) }),
      button("+", () => send("vote", { note: note.id, value: value + 1 }), { "aria-label": fmt(S.addDot, { text: label }), disabled: !canAdd }));
  }
  function ownTools(note) {
    const box = el("div", { class: "note-tools" });
    box.append(button(S.edit, () => {
      const text = window.prompt(S.editPrompt, note.text);
      if (text !== null) send("note.edit", { note: note.id, text: text, title: note.title });
    }, { "aria-label": fmt(S.editNote, { text: note.title || note.text }) }));
    box.append(button(S.delete, () => {
      if (window.confirm(S.deleteConfirm)) send("note.delete", { note: note.id });
    }, { "aria-label": fmt(S.deleteNote, { text: note.title || note.text }) }));
    return box;
  }
  function facilitatorTools(note) {
    const label = note.title || note.text;
    const box = el("div", { class: "note-tools" });
    box.append(button(note.hidden ? S.show : S.hide, () => send("note.hide", { note: note.id, hidden: !note.hidden }), { "aria-label": fmt(note.hidden ? S.showNote : S.hideNote, { text: label }) }));
    if (A().kind === "case_dialogue" && !note.case) {
      box.append(button(note.chosen ? S.unchoose : S.choose, () => send("case.choose", { note: note.id, chosen: !note.chosen }), { "aria-label": fmt(note.chosen ? S.unchooseNote : S.chooseNote, { text: label }) }));
    }
    if (note.column && state.columns.length > 1) {
      const select = el("select", { "aria-label": fmt(S.moveNote, { text: label }) });
      for (const column of state.columns) select.append(el("option", { value: column.id, text: column.title, selected: column.id === note.column }));
      select.addEventListener("change", () => send("note.move", { note: note.id, column: select.value }));
      box.append(select);
    }
    const others = state.notes.filter((n) => n.id !== note.id && !n.merged_into && n.column === note.column && n.case === note.case);
    if (others.length) {
      const select = el("select", { "aria-label": fmt(S.mergeNote, { text: label }) });
      select.append(el("option", { value: "", text: S.mergeChoose }));
      for (const other of others) select.append(el("option", { value: other.id, text: (other.title || other.text).slice(0, 60) }));
      select.addEventListener("change", () => { if (select.value) send("note.merge", { note: note.id, into: select.value }); });
      box.append(select);
    }
    return box;
  }

  function bar(value, largest) {
    const track = el("span", { class: "bar-track" });
    const fill = el("span", { class: "bar" });
    fill.style.width = (largest ? Math.round((value / largest) * 100) : 0) + "%";
    track.append(fill);
    return track;
  }
  function renderOptions(body) {
    const a = A();
    const list = section(body, "options", S.options, 2);
    const largest = Math.max(0, ...options().map((n) => total(n) || 0));
    place(list, options().map((note) => {
      const node = card(note);
      if (a.vote_mode !== "dots") {
        node.querySelectorAll(".poll-choice, .result").forEach((n) => n.remove());
        const chosen = !!myVotes[note.id];
        if (a.accepts_votes && state.me) {
          node.append(button(S.choose, () => send("vote", { note: note.id, value: chosen ? 0 : 1 }), { class: "button small poll-choice" + (chosen ? "" : " secondary"), "aria-pressed": chosen ? "true" : "false", "aria-label": fmt(S.chooseOption, { text: note.text }) }));
        }
        if (total(note) !== null) node.append(el("div", { class: "result" }, bar(total(note), largest)));
      }
      return node;
    }));
  }

  function renderRanking(body) {
    const a = A();
    const all = options();
    if (!ranking) {
      const placed = Object.entries(myVotes).sort((x, y) => x[1] - y[1]).map((e) => Number(e[0]));
      ranking = placed.concat(all.map((n) => n.id).filter((id) => !placed.includes(id)));
    }
    ranking = ranking.filter((id) => all.some((n) => n.id === id)).concat(all.map((n) => n.id).filter((id) => !ranking.includes(id)));
    let box = body.querySelector(":scope > .ranking");
    if (!box) { box = el("section", { class: "ranking", "aria-labelledby": "h-ranking" }); body.append(box); }
    box.replaceChildren(el("h2", { id: "h-ranking", text: S.yourRanking }));
    const list = el("ol", { class: "rank-list" });
    ranking.forEach((id, index) => {
      const note = all.find((n) => n.id === id);
      const item = el("li", {}, el("span", { class: "rank-text", text: note.text }));
      if (a.accepts_votes && state.me) {
        item.append(button("↑", () => { ranking.splice(index - 1, 0, ranking.splice(index, 1)[0]); schedule(); }, { "aria-label": fmt(S.moveUp, { text: note.text }), disabled: index === 0 }),
          button("↓", () => { ranking.splice(index + 1, 0, ranking.splice(index, 1)[0]); schedule(); }, { "aria-label": fmt(S.moveDown, { text: note.text }), disabled: index === ranking.length - 1 }));
      }
      list.append(item);
    });
    box.append(list);
    if (a.accepts_votes && state.me) box.append(el("p", { class: "actions" }, el("button", { type: "button", class: "button", text: S.sendRanking, onclick: () => send("rank", { order: ranking }).then((r) => { if (r.ok) showSaved(); }) })));
    if (state.totals) {
      const largest = Math.max(0, ...all.map((n) => total(n) || 0));
      const results = el("ol", { class: "results" });
      all.slice().sort((x, y) => (total(y) || 0) - (total(x) || 0)).forEach((note) => results.append(el("li", {}, el("span", { text: note.text + " – " + fmt(S.points, { n: total(note) || 0 }) }), bar(total(note) || 0, largest))));
      box.append(el("h2", { text: S.results }), results);
    }
  }
  function showSaved() { connectionBox.textContent = S.saved; window.setTimeout(() => { if (connectionBox.textContent === S.saved) connectionBox.textContent = ""; }, 3000); }

  function renderCases(body) {
    const cases = state.notes.filter((n) => !n.case && visible(n) && !n.merged_into);
    place(section(body, "cases", S.cases + " (" + cases.length + ")", 2), cases.map(card));
  }
  function currentCase() {
    const b = state.breakout;
    if (!b || b.my_group === null || b.my_group === undefined) return null;
    return b.topics[b.my_group] || null;
  }
  function renderGroups(body, withCases) {
    let box = body.querySelector(":scope > .groups");
    const b = state.breakout;
    if (!b) { if (box) box.remove(); return; }
    if (!box) { box = el("section", { class: "groups", "aria-labelledby": "h-groups" }); body.append(box); }
    box.replaceChildren(el("h2", { id: "h-groups", text: fmt(S.roundOf, { round: b.round + 1, rounds: b.rounds }) }));
    if (b.my_group !== null && b.my_group !== undefined) {
      const topic = b.topics[b.my_group];
      box.append(el("p", { class: "my-group" }, el("strong", { text: fmt(S.yourTable, { table: b.my_group + 1 }) }), topic ? " – " + topic.title : ""));
    }
    if (withCases) {
      for (const topic of b.topics) {
        const notes = state.notes.filter((n) => n.case === topic.id && visible(n));
        place(section(box, "case-" + topic.id, fmt(S.tableCase, { table: b.topics.indexOf(topic) + 1, title: topic.title }), 3), notes.map(card));
      }
    }
    if (facilitator && b.table && !config.projector) {
      const rounds = el("div", { class: "actions" });
      for (let r = 0; r < b.rounds; r += 1) rounds.append(button(fmt(S.roundButton, { round: r + 1 }), () => send("groups.round", { round: r }), { "aria-pressed": r === b.round ? "true" : "false" }));
      box.append(rounds);
      const grid = el("div", { class: "group-grid" });
      b.table[b.round].forEach((people, group) => {
        const list = el("ul", { class: "plain" });
        for (const person of people) {
          const select = el("select", { "aria-label": fmt(S.movePerson, { name: person.name }) });
          for (let g = 0; g < b.groups; g += 1) select.append(el("option", { value: g, text: fmt(S.tableShort, { table: g + 1 }), selected: g === group }));
          select.addEventListener("change", () => send("groups.move", { participant: person.id, round: b.round, group: select.value }));
          list.append(el("li", {}, el("span", { text: person.name + (person.organisation ? ", " + person.organisation : "") + " · " + sideName(person.side) }), select));
        }
        grid.append(el("div", { class: "card" }, el("h3", { text: fmt(S.tableShort, { table: group + 1 }) + (b.topics[group] ? " – " + b.topics[group].title : "") }), list));
      });
      box.append(grid);
    }
  }

  function renderForesight(body) {
    const f = state.foresight;
    let box = body.querySelector(":scope > .foresight");
    if (!box) { box = el("section", { class: "foresight", "aria-labelledby": "h-rating" }); body.append(box); }
    const trends = state.notes.filter((n) => isTrend(n) && !n.hidden && !n.merged_into);
    const signature = JSON.stringify([A().voting_open, A().status, trends.map((t) => [t.id, t.text]), f.mine, f.results, f.axes, seq]);
    if (box.dataset.signature === signature) return;
    box.dataset.signature = signature;
    box.replaceChildren(el("h2", { id: "h-rating", text: S.rating }));
    if (A().voting_open && A().status === "open" && state.me) {
      const list = el("ul", { class: "plain rating-list" });
      for (const trend of trends) {
        const given = f.mine[trend.id] || [3, 3];
        const make = (label, value) => {
          const select = el("select", { "aria-label": fmt(label, { text: trend.text }) });
          for (let v = 1; v <= 5; v += 1) select.append(el("option", { value: v, text: String(v), selected: v === value }));
          return select;
        };
        const impact = make(S.impactOf, given[0]);
        const uncertainty = make(S.uncertaintyOf, given[1]);
        list.append(el("li", {}, el("p", { text: trend.text }), el("div", { class: "inline-form" },
          el("span", { text: S.impact }), impact, el("span", { text: S.uncertainty }), uncertainty,
          button(S.rate, () => send("rate", { trend: trend.id, impact: impact.value, uncertainty: uncertainty.value }).then((r) => { if (r.ok) { f.mine[trend.id] = [Number(impact.value), Number(uncertainty.value)]; showSaved(); } }), { "aria-label": fmt(S.rateTrend, { text: trend.text }) }))));
      }
      box.append(list);
    } else if (!f.results) {
      box.append(el("p", { class: "muted", text: S.ratingClosed }));
    }
    if (f.results) {
      box.append(el("img", { class: "chart", src: config.image + "?v=" + seq, alt: S.chartAlt, width: "800", height: "600" }));
      const table = el("table", {}, el("caption", { text: S.ratingTable }),
        el("thead", {}, el("tr", {}, el("th", { scope: "col", text: S.trend }), el("th", { scope: "col", text: S.impact }), el("th", { scope: "col", text: S.uncertainty }), el("th", { scope: "col", text: S.raters }))));
      const tbody = el("tbody");
      for (const row of f.results) {
        const trend = state.notes.find((n) => n.id === row.trend);
        const critical = f.critical.includes(row.trend);
        tbody.append(el("tr", { class: critical ? "critical" : "" }, el("td", { text: (trend ? trend.text : "") + (critical ? " (" + S.critical + ")" : "") }), el("td", { text: String(row.impact) }), el("td", { text: String(row.uncertainty) }), el("td", { text: String(row.raters) })));
      }
      table.append(tbody);
      box.append(el("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": S.ratingTable }, table));
    }
  }

  render();
  connect();
  root.dataset.ready = "yes";
})();
