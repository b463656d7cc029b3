// Server-sent events over fetch(): EventSource cannot send an Authorization header, so the
// stream is read with fetch() + ReadableStream and parsed here (the WHATWG event-stream format).
// Reconnects with exponential backoff, resuming with Last-Event-ID; a 404 means this server has
// no event stream, and the caller falls back to polling (the stream is probed again later).

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 15000;
const IDLE_TIMEOUT_MS = 45000;      // keep-alives come every 15 s; three missed = dead connection
const PROBE_AGAIN_MS = 30000;       // after a 404, try the stream again this much later

/** Parses an event stream incrementally; calls onEvent({type, data, id}) per dispatched event. */
export class SseParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
    this.reset();
    this.lastEventId = '';
    this.retry = null;
    this.first = true;
  }
  reset() { this.type = ''; this.data = []; this.hasData = false; }
  push(text) {
    if (this.first && text.length) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);  // a leading BOM is ignored
      this.first = false;
    }
    this.buffer += text;
    let start = 0;
    for (;;) {
      let i = start;
      const n = this.buffer.length;
      while (i < n && this.buffer[i] !== '\n' && this.buffer[i] !== '\r') i++;
      if (i >= n) break;
      // \r\n counts as one line end; a \r at the very end may be followed by \n in the next chunk
      if (this.buffer[i] === '\r' && i + 1 >= n) break;
      this.line(this.buffer.slice(start, i));
      start = i + (this.buffer[i] === '\r' && this.buffer[i + 1] === '\n' ? 2 : 1);
    }
    this.buffer = this.buffer.slice(start);
  }
  line(l) {
    if (l === '') { this.dispatch(); return; }
    if (l[0] === ':') return;                       // a comment, e.g. ": keep-alive"
    const c = l.indexOf(':');
    const field = c < 0 ? l : l.slice(0, c);
    let value = c < 0 ? '' : l.slice(c + 1);
    if (value[0] === ' ') value = value.slice(1);
    switch (field) {
      case 'event': this.type = value; break;
      case 'data': this.data.push(value); this.hasData = true; break;
      case 'id': if (!value.includes('\0')) this.lastEventId = value; break;
      case 'retry': if (/^\d+$/.test(value)) this.retry = Number(value); break;
      default: break;                               // unknown fields are ignored
    }
  }
  dispatch() {
    if (!this.hasData && !this.type) { this.reset(); return; }
    const ev = { type: this.type || 'message', data: this.data.join('\n'), id: this.lastEventId };
    this.reset();
    this.onEvent(ev);
  }
}

/**
 * One logical event stream. Callbacks: onEvent(ev), onOpen() (connected: refetch lists),
 * onState(state, detail) with state one of connecting, live, reconnecting, polling,
 * onAuth(status) for 401/403.
 */
export class EventStream {
  constructor({ url, key, onEvent, onOpen, onState, onAuth }) {
    Object.assign(this, { url, key, onEvent, onOpen, onState, onAuth });
    this.lastEventId = '';
    this.stopped = true;
    this.controller = null;
    this.timer = null;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.run();
  }

  stop() {
    this.stopped = true;
    if (this.controller) this.controller.abort();
    clearTimeout(this.timer);
  }

  sleep(ms) {
    return new Promise((resolve) => { this.timer = setTimeout(resolve, ms); });
  }

  async run() {
    let backoff = MIN_BACKOFF_MS;
    while (!this.stopped) {
      this.onState('connecting');
      const outcome = await this.connectOnce();
      if (this.stopped) return;
      if (outcome.kind === 'unsupported') {
        this.onState('polling');
        await this.sleep(PROBE_AGAIN_MS);
        continue;
      }
      if (outcome.kind === 'auth') { this.onAuth(outcome.status); return; }
      if (outcome.kind === 'opened') backoff = MIN_BACKOFF_MS;   // it worked for a while: start over
      const wait = Math.min(MAX_BACKOFF_MS, (outcome.retry ?? backoff)) * (0.8 + Math.random() * 0.4);
      this.onState('reconnecting', { inMs: Math.round(wait), reason: outcome.reason });
      await this.sleep(wait);
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    }
  }

  async connectOnce() {
    const controller = new AbortController();
    this.controller = controller;
    const headers = { Authorization: `Bearer ${this.key}`, Accept: 'text/event-stream' };
    if (this.lastEventId) headers['Last-Event-ID'] = this.lastEventId;
    let res;
    try {
      res = await fetch(this.url, { headers, signal: controller.signal, cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      return { kind: 'failed', reason: 'network error' };
    }
    if (res.status === 404 || res.status === 405 || res.status === 501) return { kind: 'unsupported' };
    if (res.status === 401 || res.status === 403) return { kind: 'auth', status: res.status };
    const type = res.headers.get('Content-Type') || '';
    if (!res.ok || !res.body || !type.startsWith('text/event-stream')) {
      try { await res.body?.cancel(); } catch { /* ignore */ }
      return { kind: 'failed', reason: `HTTP ${res.status}` };
    }
    // Snapshot first, then deltas: events that arrive while the lists are being refetched are
    // applied after the refetch, so a stale snapshot never brings back an item just decided.
    let queue = [];
    const deliver = (ev) => {
      if (ev.id) this.lastEventId = ev.id;
      try { this.onEvent(ev); } catch (e) { console.error('event handler failed', e); }
    };
    const parser = new SseParser((ev) => { if (queue) queue.push(ev); else deliver(ev); });
    parser.lastEventId = this.lastEventId;
    this.onState('live');
    Promise.resolve().then(() => this.onOpen()).catch(() => {}).finally(() => {
      const q = queue;
      queue = null;
      if (!this.stopped) q.forEach(deliver);   // deltas after the snapshot stay valid after a drop
    });
    let idle = null;
    const arm = () => { clearTimeout(idle); idle = setTimeout(() => controller.abort(), IDLE_TIMEOUT_MS); };
    arm();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let reason = 'stream ended';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        arm();
        parser.push(value);
      }
    } catch (e) {
      reason = controller.signal.aborted ? 'no keep-alive' : 'connection lost';
    } finally {
      clearTimeout(idle);
    }
    // The position also moves on messages that carry no event (the server's first "retry + id" frame).
    if (parser.lastEventId) this.lastEventId = parser.lastEventId;
    return { kind: 'opened', reason, retry: parser.retry };
  }
}
