// One WebSocket that stays open, shared by every live page: the live room's screens, the room's
// start page and a synergy map's results.
//
// A lost connection comes back by itself, waiting a little longer each time (half a second,
// doubling up to five), and stops for good when the server closes it with 4403 (no access).
//
// Numbered events (a live activity's): the page passes `since`, the number of the last event
// its state includes. The socket asks for the events after it (`?since=N`), hands each to
// `onEvent` once and in order, and when one is missing asks for those between (`{"sync": n}`);
// after a reconnect it asks again from the last one it has.
//
// Submissions: `submit(op, payload)` sends `{op, ref, ...payload}` and keeps it until the server
// answers `{"ack": ref, "ok": …}`: it is sent again after a reconnect, and by HTTP (a POST to
// `http`) when no answer came within four seconds. The promise gives the server's answer.

export const FORBIDDEN = 4403;
export const BEHIND = 4408; // the screen fell too far behind: it reconnects and catches up
const FIRST_DELAY = 500;
const LAST_DELAY = 5000;
const ANSWER_WAIT = 4000;
const HTTP_RETRY = 3000;

/** A random key (a UUID) for a submission, so that a retried one is stored once. */
export function newKey() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
    (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));
}

export function cookie(name) {
  const match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
  return match ? decodeURIComponent(match[1]) : "";
}

const nothing = () => {};

export class Socket {
  /**
   * @param {string} path the socket's path, such as "/ws/live/ABC123/7/"
   * @param {object} options
   *   since: the number of the last event the page has (numbered events only)
   *   query: more parameters for the socket's address
   *   http: where a submission goes by HTTP when the socket does not answer
   *   onEvent(message): each numbered event, once and in order
   *   onMessage(message): every other message (the room's, results, notices)
   *   onStatus(open, again, code): the connection opened (again: after a loss) or was lost
   *     (code: how the last connection was closed, as the server said)
   *   onForbidden(): the server closed it for good (no access, or no longer)
   */
  constructor(path, { since = null, query = {}, http = "", onEvent, onMessage, onStatus, onForbidden } = {}) {
    this.path = path;
    this.seq = since;
    this.query = query;
    this.http = http;
    this.onEvent = onEvent || nothing;
    this.onMessage = onMessage || nothing;
    this.onStatus = onStatus || nothing;
    this.onForbidden = onForbidden || nothing;
    this.pending = new Map();
    this.socket = null;
    this.delay = FIRST_DELAY;
    this.openedBefore = false;
    this.closeCode = null; // how the last connection ended
  }

  get isOpen() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  connect() {
    if (!("WebSocket" in window)) return this;
    const params = new URLSearchParams();
    if (this.seq !== null) params.set("since", String(this.seq));
    for (const [name, value] of Object.entries(this.query)) params.set(name, String(value));
    const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    const search = params.toString() ? "?" + params : "";
    const socket = new WebSocket(scheme + window.location.host + this.path + search);
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.delay = FIRST_DELAY;
      for (const entry of this.pending.values()) this.trySend(entry);
      this.onStatus(true, this.openedBefore, this.closeCode);
      this.openedBefore = true;
    });
    socket.addEventListener("message", (event) => {
      const data = JSON.parse(event.data); // messages that came close together arrive as a list
      for (const message of Array.isArray(data) ? data : [data]) this.receive(message);
    });
    socket.addEventListener("close", (event) => {
      this.closeCode = event.code;
      this.onStatus(false, this.openedBefore, event.code);
      if (event.code === FORBIDDEN) {
        this.onForbidden();
        return;
      }
      window.setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, LAST_DELAY);
    });
    return this;
  }

  receive(message) {
    if ("ack" in message) this.acknowledge(message);
    else if (this.seq !== null && typeof message.seq === "number") this.deliver(message);
    else this.onMessage(message);
  }

  deliver(message) {
    if (message.seq <= this.seq) return;
    if (message.seq > this.seq + 1) {
      this.sync();
      return;
    }
    this.seq = message.seq;
    this.onEvent(message);
  }

  /** Ask for the events after the last one the page has. */
  sync() {
    if (this.isOpen) this.socket.send(JSON.stringify({ sync: this.seq }));
  }

  /** The page fetched its state afresh, up to event `seq`: go on from there. */
  resync(seq) {
    this.seq = seq;
    this.sync();
  }

  submit(op, payload) {
    const message = Object.assign({ op: op, ref: newKey() }, payload || {});
    return new Promise((resolve) => {
      const entry = { message: message, resolve: resolve, timer: null };
      this.pending.set(message.ref, entry);
      this.trySend(entry);
    });
  }

  trySend(entry) {
    if (this.isOpen) this.socket.send(JSON.stringify(entry.message));
    window.clearTimeout(entry.timer);
    if (this.http) entry.timer = window.setTimeout(() => this.sendByHttp(entry), ANSWER_WAIT);
  }

  sendByHttp(entry) {
    if (!this.pending.has(entry.message.ref)) return;
    fetch(this.http, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": cookie("csrftoken") },
      body: JSON.stringify(entry.message),
    })
      .then((response) => response.json())
      .then((reply) => this.acknowledge(Object.assign({ ack: entry.message.ref }, reply)))
      .catch(() => {
        entry.timer = window.setTimeout(() => this.trySend(entry), HTTP_RETRY);
      });
  }

  acknowledge(reply) {
    const entry = this.pending.get(reply.ack);
    if (!entry) return;
    this.pending.delete(reply.ack);
    window.clearTimeout(entry.timer);
    entry.resolve(reply);
  }
}
