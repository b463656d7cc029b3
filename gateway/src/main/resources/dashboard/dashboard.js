// Tollgate reviewer dashboard (SPEC §8). Plain ES module, no dependencies, no build step.
// Every value from the server is put into the page with textContent, never as HTML.
import { EventStream } from '/dashboard/events.js';

const KEY_STORAGE = 'tollgate.dashboard.key';   // sessionStorage only: never localStorage, never a cookie
const POLL_MS = 2000;
const INTENT_LIMIT = 1000;

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- HTTP

class HttpError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

let serverSkewMs = 0;   // server clock minus ours, from the Date header, so countdowns match the server

async function api(method, path, body, key = sessionStorage.getItem(KEY_STORAGE)) {
  const headers = { Authorization: `Bearer ${key}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit',
    });
  } catch (e) {
    throw new HttpError(0, 'network', 'Network error: the gateway could not be reached.');
  }
  const date = Date.parse(res.headers.get('Date') || '');
  if (!Number.isNaN(date)) {
    const skew = date - Date.now();
    serverSkewMs = Math.abs(skew) > 2000 ? skew : 0;   // Date has 1 s resolution: ignore small skews
  }
  let json = null;
  try { json = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) throw new HttpError(res.status, json?.code || '', json?.error || `HTTP ${res.status}`);
  return json;
}

function explain(err, verb) {
  if (!(err instanceof HttpError)) return `Failed: ${err.message}`;
  switch (err.status) {
    case 0: return `Network error: the gateway could not be reached. The ${verb} may not have been recorded — try again.`;
    case 401: return 'Your key is no longer accepted. Sign in again.';
    case 403: return 'Not allowed: agent keys cannot review.';
    case 404: return 'Not found: this item no longer exists.';
    case 409:
      if (err.code === 'already_decided') return 'Already decided: someone else decided this item first.';
      if (err.code === 'digest_mismatch') return 'Refused: the command digest no longer matches what you were shown.';
      return `Conflict: ${err.message}`;
    case 410: return 'Expired: the approval window has closed; it can no longer be decided.';
    default: return `Error ${err.status}${err.code ? ` (${err.code})` : ''}: ${err.message}`;
  }
}

// ---------------------------------------------------------------- DOM helpers

function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'type' || k === 'title' || k === 'role') el.setAttribute(k, v);
      else el[k] = v;
    }
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

function facts(pairs) {
  const dl = h('dl', { class: 'facts' });
  for (const [k, v, cls] of pairs) {
    if (v === null || v === undefined || v === '') continue;
    dl.append(h('dt', { text: k }), v instanceof Node ? h('dd', null, v) : h('dd', { class: cls || null, text: String(v) }));
  }
  return dl;
}

function bytes(n) {
  if (n === null || n === undefined) return 'size unknown';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400); const hh = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60); const ss = s % 60;
  const two = (x) => String(x).padStart(2, '0');
  if (d > 0) return `${d}d ${two(hh)}h`;
  if (hh > 0) return `${hh}h ${two(m)}m`;
  return `${two(m)}:${two(ss)}`;
}

function toMs(t) {
  if (t === null || t === undefined) return NaN;
  return typeof t === 'number' ? t : Date.parse(t);
}

const now = () => Date.now() + serverSkewMs;

function announce(text, assertive = false) {
  const el = assertive ? $('alerts') : $('announcer');
  el.textContent = '';
  // A new text node each time, so repeated messages are announced again.
  requestAnimationFrame(() => { el.textContent = text; });
}

// ---------------------------------------------------------------- Lists

/**
 * One live list of cards, keyed by id. New items are appended at the end (oldest first), so an
 * arriving item never moves the ones already shown; updates never rebuild existing cards.
 */
class ListView {
  constructor(name, { keyOf, render, order }) {
    this.name = name;
    this.ul = $(`${name}-list`);
    this.countEl = $(`${name}-count`);
    this.emptyEl = $(`${name}-empty`);
    this.noteEl = $(`${name}-note`);
    this.section = $(name);
    this.keyOf = keyOf;
    this.render = render;
    this.order = order;
    this.items = new Map();   // id → {data, el, timer, expiresMs, sinceMs, sinceEl}
    this.gone = new Set();    // ids decided: never pending again, so a late snapshot cannot bring them back
  }

  clear() {
    this.items.clear();
    this.gone.clear();
    this.ul.replaceChildren();
    this.update();
  }

  /** The server's full pending list: add what is new, drop what left (cards showing an error stay). */
  replaceAll(list) {
    const seen = new Set();
    const fresh = [];
    for (const d of list) {
      const id = this.keyOf(d);
      if (!id) continue;
      seen.add(id);
      if (!this.items.has(id) && !this.gone.has(id)) fresh.push(d);
    }
    for (const [id, it] of this.items) {
      if (!seen.has(id) && !it.el.classList.contains('stale')) this.drop(id);
    }
    fresh.sort(this.order);
    const frag = document.createDocumentFragment();
    for (const d of fresh) frag.append(this.build(d));
    this.ul.append(frag);
    this.section.setAttribute('aria-busy', 'false');
    this.update();
  }

  add(d) {
    const id = this.keyOf(d);
    if (!id || this.items.has(id) || this.gone.has(id)) return;
    this.ul.append(this.build(d));
    this.update();
  }

  build(d) {
    const id = this.keyOf(d);
    const parts = this.render(d);
    parts.el.dataset.id = id;
    this.items.set(id, { data: d, ...parts });
    tickItem(this.items.get(id), now());
    return parts.el;
  }

  drop(id) {
    const it = this.items.get(id);
    if (!it) return false;
    // Keep keyboard focus in the list: move it to the next card's first button.
    const focused = it.el.contains(document.activeElement);
    const next = it.el.nextElementSibling || it.el.previousElementSibling;
    it.el.remove();
    this.items.delete(id);
    if (focused && next) next.querySelector('button')?.focus();
    return true;
  }

  /** Decided (here or elsewhere): it leaves and is not shown again. */
  remove(id) {
    this.gone.add(id);
    if (this.drop(id)) this.update();
  }

  update() {
    this.countEl.textContent = String(this.items.size);
    this.emptyEl.hidden = this.items.size > 0;
  }
}

function tickItem(it, t) {
  if (it.timer && Number.isFinite(it.expiresMs)) {
    const left = it.expiresMs - t;
    const text = left <= 0 ? 'expired' : duration(left);
    if (it.timer.textContent !== text) it.timer.textContent = text;
    const cls = left <= 0 ? 'timer gone' : left < 60000 ? 'timer soon' : 'timer';
    if (it.timer.className !== cls) it.timer.className = cls;
  }
  if (it.sinceEl && Number.isFinite(it.sinceMs)) {
    const text = duration(t - it.sinceMs);
    if (it.sinceEl.textContent !== text) it.sinceEl.textContent = text;
  }
}

// ---------------------------------------------------------------- Cards

function controls(buttons) {
  const div = h('div', { class: 'controls' });
  for (const [act, label, cls] of buttons) div.append(h('button', { type: 'button', class: `btn ${cls}`, 'data-act': act, text: label }));
  return div;
}

function riskBadge(level, score) {
  const l = level || 'unknown';
  const text = score === null || score === undefined ? l : `${l} ${Number(score).toFixed(2)}`;
  return h('span', { class: `risk ${l}`, text, title: 'risk' });
}

function intentCard(i) {
  const timer = h('span', { class: 'timer', 'data-role': 'countdown' });
  const payload = `${i.payload_type || 'untyped'}, ${bytes(i.payload_size)}`;
  const el = h('li', { class: 'card intent', 'data-kind': 'intent' },
    h('div', { class: 'head' },
      h('span', { class: 'title', text: i.destination || '(no destination)' }),
      riskBadge(i.risk_level || i.riskLevel, i.risk_score ?? i.riskScore),
      h('span', { class: 'id mono', text: i.intentId || i.id })),
    facts([
      ['agent', i.agentName ? `${i.agentName} (${i.agentId || i.agent_id})` : (i.agentId || i.agent_id)],
      ['policy', i.policy],
      ['records', i.recordCount ?? i.record_count ?? '—'],
      ['payload', payload],
      ['expires in', timer],
    ]),
    controls([['approve', 'Approve', 'approve'], ['reject', 'Reject', 'reject'], ['audit', 'Audit trail', 'link']]),
    h('p', { class: 'msg', 'data-role': 'msg' }));
  return { el, timer, expiresMs: toMs(i.expiresAt || i.expires_at) };
}

function heldCard(v) {
  const timer = h('span', { class: 'timer', 'data-role': 'countdown' });
  const since = h('span', { class: 'timer', 'data-role': 'held-for' });
  const el = h('li', { class: 'card held', 'data-kind': 'held' },
    h('div', { class: 'head' },
      h('span', { class: 'title mono', text: `${v.method} ${v.hostname}${v.path}` }),
      h('span', { class: 'id mono', text: v.intentId })),
    facts([
      ['agent', v.agentName ? `${v.agentName} (${v.agentId})` : v.agentId],
      ['destination', v.destination],
      ['policy', v.policy],
      ['held for', since],
      ['expires in', timer],
    ]),
    controls([['approve', 'Approve', 'approve'], ['reject', 'Reject', 'reject'], ['audit', 'Audit trail', 'link']]),
    h('p', { class: 'msg', 'data-role': 'msg' }));
  const sinceMs = Number.isFinite(toMs(v.createdAt)) ? toMs(v.createdAt) : now() - (v.heldMs || 0);
  return { el, timer, expiresMs: toMs(v.expiresAt), sinceMs, sinceEl: since };
}

function actionCard(a) {
  const timer = h('span', { class: 'timer', 'data-role': 'countdown' });
  const who = a.identity_context?.user_id ? ` for user ${a.identity_context.user_id}` : '';
  const el = h('li', { class: 'card action', 'data-kind': 'action' },
    h('div', { class: 'head' },
      h('span', { class: 'title', text: a.op === 'shell' ? 'Shell command' : `File: ${a.op}` }),
      riskBadge(a.risk_level),
      h('span', { class: 'id mono', text: a.action_id })),
    h('pre', { class: 'preview mono', 'data-role': 'preview', text: a.preview ?? '' }),
    facts([
      ['directory', a.cwd, 'mono'],
      ['risk', a.risk_reason],
      ['scope', a.scope],
      ['task', `${a.task_id} (agent ${a.agent_id}${who})`],
      ['digest', a.command_digest, 'mono'],
      ['expires in', timer],
    ]),
    controls([['approve', 'Approve', 'approve'], ['stop', 'Stop', 'reject'], ['audit', 'Audit trail', 'link']]),
    h('p', { class: 'msg', 'data-role': 'msg' }));
  return { el, timer, expiresMs: toMs(a.expires_at) };
}

const byCreated = (field) => (a, b) => (toMs(a[field]) || 0) - (toMs(b[field]) || 0);

const lists = {
  intents: null, held: null, actions: null,
};

function makeLists() {
  lists.intents = new ListView('intents', { keyOf: (i) => i.intentId || i.id, render: intentCard, order: byCreated('createdAt') });
  lists.held = new ListView('held', { keyOf: (v) => v.intentId, render: heldCard, order: byCreated('createdAt') });
  lists.actions = new ListView('actions', { keyOf: (a) => a.action_id, render: actionCard, order: byCreated('created_at') });
}

// ---------------------------------------------------------------- Loading

let loadSeq = 0;

async function loadIntents() {
  const body = await api('GET', `/v1/intents?status=pending_approval&limit=${INTENT_LIMIT}`);
  const list = body.intents || body.proposals || [];
  lists.intents.limitNote = list.length >= INTENT_LIMIT
    ? `Showing the ${INTENT_LIMIT} newest pending intents; more are waiting.` : '';
  if (!loadError) lists.intents.noteEl.textContent = lists.intents.limitNote;
  lists.intents.replaceAll(list);
  performance.mark('tollgate:intents-rendered');
}

async function loadHeld() {
  const body = await api('GET', '/v1/proxy/held');
  lists.held.replaceAll(body.held || []);
}

async function loadActions() {
  const body = await api('GET', '/v1/actions?status=pending');
  lists.actions.replaceAll((body.actions || []).filter((a) => !a.status || a.status === 'pending'));
}

async function refreshAll() {
  const seq = ++loadSeq;
  const results = await Promise.allSettled([loadIntents(), loadHeld(), loadActions()]);
  if (seq !== loadSeq) return;
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    const err = failed.reason;
    if (err instanceof HttpError && (err.status === 401 || err.status === 403)) {
      signOut(err.status === 401 ? 'Your key is no longer accepted. Sign in again.' : 'Agent keys cannot review.');
      return;
    }
    setLoadError(explain(err, 'refresh'));
  } else {
    setLoadError('');
  }
}

let loadError = '';
function setLoadError(text) {
  if (text === loadError) return;
  loadError = text;
  for (const l of Object.values(lists)) l.noteEl.textContent = text ? `Could not refresh: ${text}` : (l.limitNote || '');
  if (text) announce(`Could not refresh: ${text}`, true);
}

// ---------------------------------------------------------------- Live updates

let stream = null;
let pollTimer = null;
let pendingIntentIds = new Set();
let intentFlush = null;

function setConn(state, detail) {
  const el = $('conn');
  el.dataset.state = state;
  el.textContent = {
    connecting: 'connecting…',
    live: 'live',
    polling: 'polling every 2 s',
    reconnecting: `disconnected — reconnecting${detail?.inMs ? ` in ${Math.ceil(detail.inMs / 1000)} s` : ''}`,
  }[state] || state;
  el.title = detail?.reason ? `last disconnect: ${detail.reason}` : '';
  if (state === 'polling') startPolling(); else stopPolling();
}

function startPolling() {
  if (pollTimer) return;
  refreshAll();
  pollTimer = setInterval(refreshAll, POLL_MS);
}

function stopPolling() {
  clearInterval(pollTimer);
  pollTimer = null;
}

function parse(data) {
  try { return data ? JSON.parse(data) : {}; } catch { return {}; }
}

/** intent.created: fetch the new intents (batched; a burst refetches the whole list). */
function queueIntent(id) {
  pendingIntentIds.add(id);
  if (intentFlush) return;
  intentFlush = setTimeout(async () => {
    const ids = [...pendingIntentIds];
    pendingIntentIds = new Set();
    intentFlush = null;
    if (ids.length > 20) { loadIntents().catch(() => {}); return; }
    await Promise.all(ids.map(async (x) => {
      try {
        const i = await api('GET', `/v1/intents/${encodeURIComponent(x)}`);
        if (i && i.status === 'pending_approval') lists.intents.add(i);
      } catch { /* the next refresh repairs it */ }
    }));
  }, 30);
}

function onEvent(ev) {
  const d = parse(ev.data);
  switch (ev.type) {
    case 'intent.created': {
      const id = d.intentId || d.id;
      if (!id) { loadIntents().catch(() => {}); break; }
      if (d.destination && d.expiresAt && (d.status === 'pending_approval')) lists.intents.add(d);
      else if (!d.status || d.status === 'pending_approval') queueIntent(id);
      break;
    }
    case 'intent.decided': {
      const id = d.intentId || d.id;
      if (id) { decidedElsewhere(lists.intents, id); decidedElsewhere(lists.held, id); }
      break;
    }
    case 'held.added': if (d.intentId) lists.held.add(d); break;
    case 'held.released': if (d.intentId) decidedElsewhere(lists.held, d.intentId); break;
    case 'action.created': if (d.action_id && (!d.status || d.status === 'pending')) lists.actions.add(d); break;
    case 'action.decided': if (d.action_id || d.id) decidedElsewhere(lists.actions, d.action_id || d.id); break;
    case 'reset': refreshAll(); break;
    default: break;
  }
}

/** Someone (here or elsewhere) decided it: it leaves, unless this card shows an error the reviewer has not read. */
function decidedElsewhere(list, id) {
  const it = list.items.get(id);
  if (!it || it.el.classList.contains('stale')) return;
  list.remove(id);
}

function startLive(key) {
  stream = new EventStream({
    url: '/v1/events',
    key,
    onEvent,
    onOpen: () => refreshAll(),   // a promise: events wait for the fresh lists
    onState: setConn,
    onAuth: (status) => signOut(status === 401 ? 'Your key is no longer accepted. Sign in again.' : 'Agent keys cannot review.'),
  });
  stream.start();
}

// ---------------------------------------------------------------- Decisions

function message(it, text, kind) {
  const p = it.el.querySelector('[data-role="msg"]');
  p.textContent = text;
  p.className = `msg ${kind || ''}`;
  p.setAttribute('role', kind === 'err' ? 'alert' : 'status');
}

function setBusy(it, busy) {
  for (const b of it.el.querySelectorAll('button[data-act]')) {
    if (b.dataset.act !== 'audit') b.disabled = busy;
  }
}

function markStale(list, id, it) {
  it.el.classList.add('stale');
  for (const b of it.el.querySelectorAll('button[data-act]')) if (b.dataset.act !== 'audit') b.remove();
  const controlsEl = it.el.querySelector('.controls');
  if (!controlsEl.querySelector('[data-act="dismiss"]')) {
    controlsEl.prepend(h('button', { type: 'button', class: 'btn', 'data-act': 'dismiss', text: 'Dismiss' }));
  }
}

async function decide(list, id, act) {
  const it = list.items.get(id);
  if (!it) return;
  const reason = $('reason').value.trim();
  let path; let body; let verb;
  if (list === lists.actions) {
    verb = act === 'approve' ? 'approval' : 'stop';
    path = `/v1/actions/${encodeURIComponent(id)}/${act === 'approve' ? 'approve' : 'deny'}`;
    body = act === 'approve' ? { command_digest: it.data.command_digest } : (reason ? { reason } : {});
  } else {
    verb = act === 'approve' ? 'approval' : 'rejection';
    path = `/v1/intents/${encodeURIComponent(id)}/${act === 'approve' ? 'approve' : 'reject'}`;
    body = act === 'approve' ? {} : (reason ? { reason } : {});
  }
  setBusy(it, true);
  message(it, act === 'approve' ? 'Approving…' : act === 'stop' ? 'Stopping…' : 'Rejecting…');
  try {
    await api('POST', path, body);
    // Leaves at once; for an intent also its held connection (the proxy releases it now).
    list.remove(id);
    if (list !== lists.actions) { lists.intents.remove(id); lists.held.remove(id); }
    announce(`${act === 'approve' ? 'Approved' : act === 'stop' ? 'Stopped' : 'Rejected'} ${id}`);
  } catch (err) {
    const text = explain(err, verb);
    message(it, text, 'err');
    announce(text, true);
    if (err instanceof HttpError && (err.status === 409 || err.status === 410 || err.status === 404)) {
      markStale(list, id, it);
    } else {
      setBusy(it, false);
      if (err instanceof HttpError && err.status === 401) signOut('Your key is no longer accepted. Sign in again.');
    }
  }
}

async function toggleAudit(list, id, button) {
  const it = list.items.get(id);
  if (!it) return;
  const existing = it.el.querySelector('.audit');
  if (existing) {
    existing.remove();
    button.textContent = 'Audit trail';
    button.setAttribute('aria-expanded', 'false');
    return;
  }
  button.disabled = true;
  try {
    const path = list === lists.actions
      ? `/v1/tasks/${encodeURIComponent(it.data.task_id)}/audit`
      : `/v1/intents/${encodeURIComponent(id)}/audit`;
    const body = await api('GET', path);
    const ol = h('ol', { class: 'audit', 'data-role': 'audit', 'aria-label': `Audit trail of ${id}` });
    for (const e of body.events || []) {
      const when = e.created_at ? new Date(e.created_at).toLocaleTimeString() : '';
      const meta = e.metadata && typeof e.metadata === 'object'
        ? ['by', 'reason', 'decision', 'risk_level', 'reason_code', 'exit_code']
          .filter((k) => e.metadata[k] !== undefined && e.metadata[k] !== null)
          .map((k) => `${k}=${typeof e.metadata[k] === 'object' ? JSON.stringify(e.metadata[k]) : e.metadata[k]}`).join(' ')
        : '';
      ol.append(h('li', null, h('span', { class: 't', text: `#${e.seq} ${when} ` }),
        h('strong', { text: e.event_type || e.eventType }), ` by ${e.actor}${meta ? ` — ${meta}` : ''}`));
    }
    if (!ol.children.length) ol.append(h('li', { text: 'No audit events.' }));
    it.el.querySelector('.controls').after(ol);
    button.textContent = 'Hide audit trail';
    button.setAttribute('aria-expanded', 'true');
  } catch (err) {
    message(it, explain(err, 'audit request'), 'err');
  } finally {
    button.disabled = false;
  }
}

function onListClick(e) {
  const button = e.target.closest('button[data-act]');
  if (!button) return;
  const li = button.closest('li.card');
  const list = Object.values(lists).find((l) => l.ul.contains(li));
  if (!li || !list) return;
  const id = li.dataset.id;
  switch (button.dataset.act) {
    case 'approve': case 'reject': case 'stop': decide(list, id, button.dataset.act); break;
    case 'audit': toggleAudit(list, id, button); break;
    case 'dismiss': list.remove(id); break;
    default: break;
  }
}

// ---------------------------------------------------------------- Session

let ticker = null;

function roleOf(key) {
  if (key.startsWith('gate_admin_')) return 'admin';
  if (key.startsWith('gate_rk_')) return 'reviewer';
  return 'key';
}

async function signIn(key, { silent = false } = {}) {
  const err = $('signin-error');
  err.textContent = '';
  if (!key) { err.textContent = 'Paste a reviewer or admin key.'; return; }
  if (silent) { showBoard(key); return; }   // a key this tab already checked; a 401 on any call signs out
  $('signin-button').disabled = true;
  try {
    // A reviewer-only route: 200 = reviewer or admin, 401 = unknown key, 403 = an agent's key.
    await api('GET', '/v1/proxy/held', undefined, key);
  } catch (e) {
    $('signin-button').disabled = false;
    sessionStorage.removeItem(KEY_STORAGE);
    showSignIn();
    if (e instanceof HttpError && e.status === 403) err.textContent = 'Agent keys cannot review: paste a reviewer or admin key.';
    else if (e instanceof HttpError && e.status === 401) err.textContent = silent
      ? 'Your saved key is no longer accepted. Paste a reviewer or admin key.'
      : 'Wrong key: this key is unknown, suspended or revoked.';
    else if (e instanceof HttpError && e.status === 0) err.textContent = 'Cannot reach the gateway. Check the connection and try again.';
    else err.textContent = explain(e, 'sign-in');
    return;
  }
  $('signin-button').disabled = false;
  showBoard(key);
}

/** Lists are loaded once the event stream is open (snapshot after subscribe) or found missing (polling). */
function showBoard(key) {
  sessionStorage.setItem(KEY_STORAGE, key);
  $('key').value = '';
  $('signin').hidden = true;
  $('main').hidden = false;
  $('session').hidden = false;
  $('who').textContent = `signed in (${roleOf(key)})`;
  for (const l of Object.values(lists)) l.clear();
  clearInterval(ticker);
  ticker = setInterval(() => {
    const t = now();
    for (const l of Object.values(lists)) for (const it of l.items.values()) tickItem(it, t);
  }, 1000);
  startLive(key);
  // Should the stream neither open nor fail soon (a buffering middlebox), show the lists anyway.
  const startSeq = loadSeq;
  clearTimeout(firstLoadTimer);
  firstLoadTimer = setTimeout(() => { if (loadSeq === startSeq) refreshAll(); }, 1500);
}

let firstLoadTimer = null;

function showSignIn() {
  $('main').hidden = true;
  $('session').hidden = true;
  $('signin').hidden = false;
  $('key').focus();
}

function signOut(reason) {
  sessionStorage.removeItem(KEY_STORAGE);
  clearTimeout(firstLoadTimer);
  if (stream) stream.stop();
  stream = null;
  stopPolling();
  clearInterval(ticker);
  ticker = null;
  loadSeq++;
  for (const l of Object.values(lists)) l.clear();
  showSignIn();
  $('signin-error').textContent = reason || '';
}

function init() {
  makeLists();
  for (const l of Object.values(lists)) l.ul.addEventListener('click', onListClick);
  $('signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    signIn($('key').value.trim());
  });
  $('signout').addEventListener('click', () => signOut(''));
  $('refresh').addEventListener('click', () => refreshAll());
  const saved = sessionStorage.getItem(KEY_STORAGE);
  if (saved) signIn(saved, { silent: true });
  else showSignIn();
}

init();
