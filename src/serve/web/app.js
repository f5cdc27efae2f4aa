/* app.js - the dashboard: explore the store's events (filters, a time series, the most
 * active dyads, events with their evidence), read a document or an event with all its
 * reports, and code a pasted text. Plain JavaScript over the JSON API (/v1/...), the
 * chart drawn as SVG here. Every text from the data goes into the page as text, never
 * as HTML. */
'use strict';

/* ---- small tools ---- */

const $ = (id) => document.getElementById(id);

/* Children for replaceChildren/append, without the nulls and falses of conditionals. */
const kids = (...k) => k.flat().filter((x) => x !== null && x !== undefined && x !== false);

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat()) {
    if (k === null || k === undefined || k === false) continue;
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
}

const SVG = 'http://www.w3.org/2000/svg';
function sv(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

const fmt = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'));
function fmtG(x) {
  if (x === null || x === undefined) return '–';
  const v = Number(x);
  return (v > 0 ? '+' : v < 0 ? '−' : '') + Math.abs(v).toFixed(1);
}
const plural = (k, w) => fmt(k) + ' ' + w + (k === 1 ? '' : 's');
const gClass = (x) => (x > 0 ? 'pos' : x < 0 ? 'neg' : 'zero');

class ApiError extends Error {}

async function api(path, opts) {
  let res;
  try {
    res = await fetch(path, opts);
  } catch (e) {
    throw new ApiError('The server cannot be reached.');
  }
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    /* a body that is not JSON: the status says it */
  }
  if (!res.ok && !(body && body.events && res.status === 422)) {
    const msg = body && body.error ? body.error.message : res.status + ' ' + res.statusText;
    throw new ApiError(msg);
  }
  return body;
}

function notice(msg) {
  const n = $('notice');
  n.textContent = msg || '';
  n.hidden = !msg;
}

const QUADS = { 1: 'verbal cooperation', 2: 'material cooperation', 3: 'verbal conflict', 4: 'material conflict' };
const ROOTS = [
  ['01', 'Make public statement'], ['02', 'Appeal'], ['03', 'Express intent to cooperate'],
  ['04', 'Consult'], ['05', 'Engage in diplomatic cooperation'], ['06', 'Engage in material cooperation'],
  ['07', 'Provide aid'], ['08', 'Yield'], ['09', 'Investigate'], ['10', 'Demand'], ['11', 'Disapprove'],
  ['12', 'Reject'], ['13', 'Threaten'], ['14', 'Protest'], ['15', 'Exhibit force posture'],
  ['16', 'Reduce relations'], ['17', 'Coerce'], ['18', 'Assault'], ['19', 'Fight'],
  ['20', 'Use unconventional mass violence'],
];
const MODAL_NOTE = {
  asserted: 'stated as fact', reported: 'attributed to a source', claimed: 'a claim',
  denied: 'denied', hypothetical: 'hypothetical', future: 'planned or expected',
};

/* ---- evidence: the sentence with source, verb and target marked ----
 * Spans are byte offsets into the document's UTF-8 text; `base` is the byte where `text`
 * starts. Overlapping spans (one phrase as both source and target) get both marks. */
const enc = new TextEncoder();
const dec = new TextDecoder();

function highlight(text, base, ev) {
  const bytes = enc.encode(text || '');
  const spans = [];
  const add = (s, cls) => {
    if (!s) return;
    const a = Math.max(0, s[0] - base), b = Math.min(bytes.length, s[1] - base);
    if (b > a) spans.push([a, b, cls]);
  };
  add(ev.source, 'hs');
  add(ev.verb, 'hv');
  add(ev.target, 'ht');
  add(ev.location, 'hl');
  const cuts = new Set([0, bytes.length]);
  for (const [a, b] of spans) { cuts.add(a); cuts.add(b); }
  const pts = [...cuts].sort((x, y) => x - y);
  const out = el('div', { class: 'sentence' });
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i], b = pts[i + 1];
    const piece = dec.decode(bytes.subarray(a, b));
    const cls = spans.filter(([s, e]) => s <= a && e >= b).map((s) => s[2]);
    out.append(cls.length ? el('mark', { class: cls.join(' ') }, piece) : piece);
  }
  return out;
}

function chain(links) {
  const c = el('span', { class: 'chain', title: 'Attribution: who reported it, outermost first' });
  (links || []).forEach((l, i) => {
    if (i) c.append(el('span', { class: 'sep', text: '›' }));
    const rel = l.relation && l.relation !== 'published' ? el('em', {}, ' (' + l.relation + ')') : null;
    c.append(el('span', { class: 'link', title: l.code ? 'coded ' + l.code : null }, l.text, rel));
  });
  return c;
}

function actorTag(code, cls) {
  return el('span', { class: 'tag ' + (code ? cls : 'none'), title: code ? null : 'no actor' }, code || '—');
}

function whoCell(ev) {
  return el('div', { class: 'who' },
    el('div', { class: 'actor' }, actorTag(ev.source, 's'), el('span', { class: 'txt', title: ev.source_text }, ev.source_text || '')),
    el('div', { class: 'actor' }, el('span', { class: 'arrow', text: '→' }), actorTag(ev.target, 't'),
      el('span', { class: 'txt', title: ev.target_text }, ev.target_text || '')));
}

function whatCell(ev) {
  const q = ev.quad ? el('i', { class: 'qd q' + ev.quad, title: QUADS[ev.quad] }) : null;
  const meta = [ev.code, QUADS[ev.quad]].filter(Boolean).join(' · ');
  return el('div', { class: 'what' },
    el('span', { class: 'name' }, q, ev.event || 'CAMEO ' + ev.code),
    el('span', { class: 'meta' }, meta,
      el('span', { class: 'gs-inline' }, ' · Goldstein ', el('span', { class: 'gs ' + gClass(ev.goldstein) }, fmtG(ev.goldstein)))));
}

/* Where an event happened: "Kharkiv UKR", the precision in the title (null when unknown). */
const PRECISION_NOTE = {
  stated: 'the sentence says where', adjective: 'only a place adjective ("a Syrian village")',
  document: 'the place an earlier sentence gave', dateline: 'the story\'s dateline',
};
function placeTag(loc, cls) {
  if (!loc || !loc.name) return null;
  const why = [loc.type, PRECISION_NOTE[loc.precision] || loc.precision].filter(Boolean).join('; ');
  return el('span', { class: 'place ' + (cls || ''), title: 'Where it happened: ' + loc.name + (why ? ' (' + why + ')' : '') },
    el('span', { class: 'pname' }, loc.name), loc.country && loc.country !== loc.name
      ? el('span', { class: 'pcc' }, loc.country) : null);
}

function safeUrl(u) {
  return typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null;
}

/* One stored event (from /v1/events): a row of the events table. */
function eventRow(ev) {
  const fr = ev.first_report || {};
  const evid = fr.evidence || {};
  const base = evid.sentence ? evid.sentence[0] : 0;
  const reports = ev.num_mentions === 1 ? '1 report' : fmt(ev.num_mentions) + ' reports';
  const outlets = ev.num_sources === 1 ? '1 outlet' : fmt(ev.num_sources) + ' outlets';
  const docLabel = fr.title || fr.doc_id;
  return el('div', { class: 'ev' },
    el('div', { class: 'date' }, ev.date,
      el('small', {}, fr.date_precision === 'day' ? 'date in text' : 'publication date'),
      placeTag(ev.location)),
    whoCell(ev),
    whatCell(ev),
    el('div', { class: 'num gsc' }, el('span', { class: 'gs ' + gClass(ev.goldstein), title: 'Goldstein scale' }, fmtG(ev.goldstein))),
    el('div', { class: 'num reports' }, el('a', { href: '#/event/' + ev.event_id, title: 'Every report of this event' }, reports), el('small', {}, outlets)),
    el('div', { class: 'evidence' },
      highlight(fr.text, base, evid),
      el('div', { class: 'source-line' },
        chain(fr.attribution),
        fr.doc_id ? el('a', { href: '#/doc/' + encodeURIComponent(fr.doc_id), title: 'The first report: ' + fr.doc_id }, docLabel) : null,
        fr.pub_date ? el('span', { class: 'muted' }, 'published ' + fr.pub_date) : null,
        ev.modality && ev.modality !== 'asserted'
          ? el('span', { class: 'mod ' + ev.modality, title: MODAL_NOTE[ev.modality] }, ev.modality) : null,
        ev.negated ? el('span', { class: 'mod denied' }, 'did not happen') : null)));
}

/* One report (a mention: a document's event, or a coded event of a pasted text). */
function reportItem(ev, text, base, opts) {
  opts = opts || {};
  const evid = ev.evidence || {};
  const head = el('div', { class: 'item-head' },
    el('span', { class: 'date' }, ev.date + (ev.date_precision === 'day' ? ' (date in text)' : '')),
    actorTag(ev.source, 's'), el('span', { class: 'arrow', text: '→' }), actorTag(ev.target, 't'),
    el('span', {}, ev.quad ? el('i', { class: 'qd q' + ev.quad, title: QUADS[ev.quad] }) : null, el('b', {}, ev.event || ev.code)),
    el('span', { class: 'muted small' }, ev.code),
    el('span', { class: 'gs ' + gClass(ev.goldstein) }, fmtG(ev.goldstein)),
    ev.modality ? el('span', { class: 'mod ' + ev.modality, title: MODAL_NOTE[ev.modality] }, ev.modality) : null,
    placeTag(ev.location, 'small'),
    opts.eventLink && ev.event_id
      ? el('a', { href: '#/event/' + ev.event_id, class: 'small' },
        ev.num_mentions > 1 ? 'all ' + fmt(ev.num_mentions) + ' reports' : 'event') : null);
  const line = el('div', { class: 'source-line' },
    chain(ev.attribution),
    opts.docLink && ev.doc_id ? el('a', { href: '#/doc/' + encodeURIComponent(ev.doc_id) }, ev.title || ev.doc_id) : null,
    opts.docLink && ev.pub_date ? el('span', { class: 'muted' }, 'published ' + ev.pub_date) : null,
    evid.pattern ? el('span', { class: 'pattern', title: (evid.pattern_file || '') + ':' + (evid.pattern_line || '') }, 'pattern ' + evid.pattern) : null);
  return el('div', { class: 'item' }, head, highlight(text, base, evid), line);
}

/* ---- the store summary in the top bar ---- */

async function loadSummary() {
  try {
    const s = await api('/v1/summary');
    const range = s.first_event_date ? s.first_event_date + ' – ' + s.last_event_date : 'no events yet';
    $('store-info').replaceChildren(el('b', {}, fmt(s.events)), ' events · ', el('b', {}, fmt(s.documents)), ' documents · ', range);
    $('store-info').title = 'Store: ' + s.backend + ', deduplicated by ' + s.dedup;
  } catch (e) {
    $('store-info').textContent = 'store unavailable';
  }
  try {
    const h = await api('/healthz');
    $('version').textContent = h.version;
  } catch (e) { /* the footer can do without */ }
}

/* ---- Explore ---- */

const FILTERS = ['actor', 'source', 'target', 'root', 'code', 'quad', 'from', 'to'];
const PAGE = 25;
const state = { period: 'month', offset: 0, filter: {} };

/* An actor field holds a code (RUS, USAGOV, IGO*) or a name to look up (putin). */
function looksLikeCode(v) {
  return /^[A-Z0-9-]+\*?$/.test(v) || /^[A-Za-z]{1,3}\*?$/.test(v) || /\*$/.test(v);
}

async function resolveActor(name) {
  const v = $('f-' + name).value.trim();
  const hint = $('h-' + name);
  if (!v) { hint.textContent = ''; return ''; }
  if (looksLikeCode(v)) return v.toUpperCase();
  const r = await api('/v1/actors?limit=1&q=' + encodeURIComponent(v));
  if (!r.actors.length) throw new ApiError('No actor in the dictionaries is called “' + v + '”.');
  const a = r.actors[0];
  hint.textContent = a.name + ' is coded ' + a.code + ' (every ' + a.code + ' actor counts)';
  $('f-' + name).value = a.code;
  return a.code;
}

function query(f, extra) {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (f[k]) p.set(k, f[k]);
  for (const [k, v] of Object.entries(extra || {})) if (v !== undefined && v !== '') p.set(k, v);
  return p.toString();
}

function readForm() {
  const f = {};
  for (const k of FILTERS) f[k] = $('f-' + k).value.trim();
  if (f.code && !/\*$/.test(f.code)) f.code = f.code.replace(/[^0-9]/g, '');
  return f;
}

function writeForm(f) {
  for (const k of FILTERS) $('f-' + k).value = f[k] || '';
}

/* The explore view's address: #/?actor=RUS&period=week... (shareable). */
function exploreHash() {
  const p = query(state.filter, { period: state.period !== 'month' ? state.period : '', offset: state.offset || '' });
  return '#/' + (p ? '?' + p : '');
}

async function search() {
  notice('');
  for (const b of document.querySelectorAll('.suggest')) b.remove();
  try {
    for (const k of ['actor', 'source', 'target']) await resolveActor(k);
  } catch (e) {
    notice(e.message);
    return;
  }
  state.filter = readForm();
  state.offset = 0;
  go(exploreHash());
}

async function showExplore(params) {
  for (const k of FILTERS) state.filter[k] = params.get(k) || '';
  state.period = ['day', 'week', 'month'].includes(params.get('period')) ? params.get('period') : 'month';
  state.offset = Math.max(0, parseInt(params.get('offset') || '0', 10) || 0);
  writeForm(state.filter);
  for (const b of $('period').querySelectorAll('button')) b.classList.toggle('on', b.dataset.period === state.period);
  await Promise.all([loadSeries(), loadTop(), loadEvents()]);
}

async function loadSeries() {
  const chart = $('chart');
  chart.replaceChildren(el('div', { class: 'loading' }, 'Loading…'));
  try {
    const r = await api('/v1/series?' + query(state.filter, { period: state.period }));
    const rows = r.series;
    let ev = 0, men = 0, g = 0;
    for (const x of rows) { ev += x.events; men += x.mentions; g += x.goldstein_sum; }
    $('totals').replaceChildren(
      el('div', {}, el('b', {}, fmt(ev)), el('span', {}, 'events')),
      el('div', {}, el('b', {}, fmt(men)), el('span', {}, 'reports')),
      el('div', {}, el('b', { class: 'gs ' + gClass(g) }, fmtG(g)), el('span', {}, 'Goldstein sum')),
      el('div', {}, el('b', {}, ev ? fmtG(g / ev) : '–'), el('span', {}, 'mean per event')));
    drawChart(chart, rows, state.period);
  } catch (e) {
    chart.replaceChildren(el('div', { class: 'empty' }, e.message));
    $('totals').replaceChildren();
  }
}

/* Round axis maxima: 1, 2, 5 x 10^n. */
function niceStep(range, count) {
  const raw = range / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(raw || 1)));
  const n = raw / mag;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
}

function periodRange(p, period) {
  if (period === 'month') {
    const [y, m] = p.split('-').map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return [p + '-01', p + '-' + String(last).padStart(2, '0')];
  }
  if (period === 'week') {
    const d = new Date(p + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + 6);
    return [p, d.toISOString().slice(0, 10)];
  }
  return [p, p];
}

function drawChart(box, rows, period) {
  box.replaceChildren();
  if (!rows.length || rows.every((r) => r.events === 0)) {
    box.append(el('div', { class: 'empty' }, 'No events match these filters.'));
    return;
  }
  const W = Math.max(280, box.clientWidth || 800);
  const H = box.clientHeight >= 180 ? box.clientHeight : 250;
  const m = { l: 40, r: 46, t: 10, b: 26 };
  const iw = W - m.l - m.r, ih = H - m.t - m.b;
  const n = rows.length, bw = iw / n;
  const maxE = Math.max(1, ...rows.map((r) => r.events));
  const stepE = niceStep(maxE, 4);
  const topE = Math.ceil(maxE / stepE) * stepE;
  const gs = rows.map((r) => r.goldstein_sum);
  let gMin = Math.min(0, ...gs), gMax = Math.max(0, ...gs);
  if (gMin === gMax) { gMin -= 1; gMax += 1; }
  const stepG = niceStep(gMax - gMin, 4);
  gMin = Math.floor(gMin / stepG) * stepG;
  gMax = Math.ceil(gMax / stepG) * stepG;
  const yE = (v) => m.t + ih - (v / topE) * ih;
  const yG = (v) => m.t + ih - ((v - gMin) / (gMax - gMin)) * ih;
  const x = (i) => m.l + i * bw;

  const svg = sv('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Events and Goldstein sum per ' + period });
  const grid = sv('g', { class: 'grid' }), axis = sv('g', { class: 'axis' });
  for (let v = 0; v <= topE + 1e-9; v += stepE) {
    grid.append(sv('line', { x1: m.l, x2: W - m.r, y1: yE(v), y2: yE(v) }));
    const t = sv('text', { x: m.l - 6, y: yE(v) + 4, 'text-anchor': 'end' });
    t.textContent = fmt(Math.round(v));
    axis.append(t);
  }
  for (let v = gMin; v <= gMax + 1e-9; v += stepG) {
    const t = sv('text', { x: W - m.r + 6, y: yG(v) + 4, 'text-anchor': 'start' });
    const r10 = Math.round(v * 10) / 10;
    t.textContent = r10 === 0 ? '0' : stepG >= 1 ? (r10 > 0 ? '+' : '−') + fmt(Math.abs(Math.round(r10))) : fmtG(r10);
    axis.append(t);
  }
  svg.append(grid);
  svg.append(sv('line', { class: 'zero', x1: m.l, x2: W - m.r, y1: yG(0), y2: yG(0) }));
  const bars = sv('g');
  const bwid = Math.max(1, Math.min(bw * 0.72, 48));
  rows.forEach((r, i) => {
    if (!r.events) return;
    bars.append(sv('rect', { class: 'bar', x: x(i) + (bw - bwid) / 2, y: yE(r.events), width: bwid, height: Math.max(0.5, yE(0) - yE(r.events)), 'data-i': i }));
  });
  svg.append(bars);
  let d = '';
  rows.forEach((r, i) => { d += (i ? 'L' : 'M') + (x(i) + bw / 2).toFixed(1) + ' ' + yG(r.goldstein_sum).toFixed(1); });
  svg.append(sv('path', { class: 'gline', d }));
  if (n <= 60) rows.forEach((r, i) => svg.append(sv('circle', { class: 'gdot', cx: x(i) + bw / 2, cy: yG(r.goldstein_sum), r: 2.6 })));
  /* x labels, thinned to at least 64 px apart */
  const every = Math.max(1, Math.ceil(64 / bw));
  rows.forEach((r, i) => {
    if (i % every) return;
    const t = sv('text', { x: x(i) + bw / 2, y: H - 6, 'text-anchor': 'middle' });
    t.textContent = r.period;
    axis.append(t);
  });
  svg.append(axis);

  /* hover: the period's numbers; click: its events */
  const tip = el('div', { class: 'tip', hidden: true });
  const hit = sv('rect', { x: m.l, y: m.t, width: iw, height: ih, fill: 'transparent' });
  hit.style.cursor = 'pointer';
  let last = -1;
  const at = (evt) => {
    const rect = svg.getBoundingClientRect();
    const px = (evt.clientX - rect.left) * (W / rect.width);
    return Math.min(n - 1, Math.max(0, Math.floor((px - m.l) / bw)));
  };
  hit.addEventListener('mousemove', (evt) => {
    const i = at(evt);
    if (i !== last) {
      for (const b of bars.children) b.classList.toggle('hi', Number(b.dataset.i) === i);
      last = i;
    }
    const r = rows[i];
    tip.replaceChildren(el('b', {}, r.period), plural(r.events, 'event') + ' · ' + plural(r.mentions, 'report'), el('br'),
      'Goldstein sum ' + fmtG(r.goldstein_sum) + (r.goldstein_mean !== null ? ' · mean ' + fmtG(r.goldstein_mean) : ''));
    tip.hidden = false;
    const rect = svg.getBoundingClientRect();
    const left = evt.clientX - rect.left;
    tip.style.left = Math.min(rect.width - 200, Math.max(0, left + 12)) + 'px';
    tip.style.top = '8px';
  });
  hit.addEventListener('mouseleave', () => {
    tip.hidden = true;
    for (const b of bars.children) b.classList.remove('hi');
    last = -1;
  });
  hit.addEventListener('click', (evt) => {
    const r = rows[at(evt)];
    if (!r || !r.events) return;
    const [from, to] = periodRange(r.period, period);
    state.filter = Object.assign({}, state.filter, { from, to });
    state.offset = 0;
    go(exploreHash());
  });
  svg.append(hit);
  box.append(svg, tip);
}

/* The aside: the most active dyads and actors for the dates, codes and class chosen,
 * whoever the actors: a way to find where to look next. */
async function loadTop() {
  const f = Object.assign({}, state.filter, { actor: '', source: '', target: '' });
  const pick = (filter) => () => {
    state.filter = Object.assign({}, state.filter, { actor: '', source: '', target: '' }, filter);
    state.offset = 0;
    go(exploreHash());
  };
  const list = (box, rows, label, filter, on) => {
    if (!rows.length) {
      box.replaceChildren(el('li', { class: 'empty-list' }, 'None.'));
      return;
    }
    const max = rows[0].events;
    box.replaceChildren(...rows.map((d) => {
      const meter = el('span');
      meter.style.width = Math.max(2, (100 * d.events) / max) + '%';
      return el('li', { title: 'Show ' + label(d), class: on(d) ? 'on' : null, onclick: pick(filter(d)) },
        el('span', { class: 'dy' }, label(d)),
        el('span', { class: 'n' }, fmt(d.events), ' ', el('span', { class: 'gs ' + gClass(d.goldstein_sum) }, fmtG(d.goldstein_sum))),
        el('span', { class: 'meter' }, meter));
    }));
  };
  try {
    const [dy, ac] = await Promise.all([api('/v1/top?by=dyads&limit=8&' + query(f)), api('/v1/top?by=actors&limit=6&' + query(f))]);
    list($('top-dyads'), dy.rows, (d) => d.source + ' → ' + d.target, (d) => ({ source: d.source, target: d.target }),
      (d) => d.source === state.filter.source && d.target === state.filter.target);
    list($('top-actors'), ac.rows, (d) => d.actor, (d) => ({ actor: d.actor }), (d) => d.actor === state.filter.actor);
  } catch (e) {
    $('top-dyads').replaceChildren(el('li', { class: 'empty-list' }, e.message));
    $('top-actors').replaceChildren();
  }
}

async function loadEvents() {
  const box = $('events');
  box.replaceChildren(el('div', { class: 'loading' }, 'Loading…'));
  try {
    const r = await api('/v1/events?' + query(state.filter, { limit: PAGE, offset: state.offset || '' }));
    const first = r.total ? r.offset + 1 : 0, lastN = r.offset + r.events.length;
    $('count').textContent = r.total ? `${fmt(first)}–${fmt(lastN)} of ${fmt(r.total)}` : 'none';
    $('prev').disabled = r.offset === 0;
    $('next').disabled = r.next_offset === null;
    box.replaceChildren(...(r.events.length ? r.events.map(eventRow) : [el('div', { class: 'empty-list' }, 'No events match these filters.')]));
  } catch (e) {
    $('count').textContent = '';
    box.replaceChildren(el('div', { class: 'empty-list' }, e.message));
  }
}

/* Suggestions under an actor field: names and codes from the dictionaries. */
function suggest(name) {
  const input = $('f-' + name);
  const field = input.parentElement;
  let box = null, timer = 0, items = [], pos = -1;
  const close = () => { if (box) box.remove(); box = null; pos = -1; };
  const pick = (a) => {
    input.value = a.code;
    $('h-' + name).textContent = a.name;
    close();
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    $('h-' + name).textContent = '';
    const v = input.value.trim();
    if (v.length < 2) { close(); return; }
    timer = setTimeout(async () => {
      let r;
      try { r = await api('/v1/actors?limit=8&q=' + encodeURIComponent(v)); } catch (e) { return; }
      if (input.value.trim() !== v || document.activeElement !== input) return;
      close();
      items = r.actors;
      box = el('div', { class: 'suggest', role: 'listbox' });
      if (!items.length) box.append(el('div', { class: 'none' }, 'No actor by that name or code'));
      items.forEach((a) => box.append(el('div', { role: 'option', onmousedown: (e) => { e.preventDefault(); pick(a); } },
        el('span', {}, a.name), el('span', { class: 'code' }, a.code))));
      field.append(box);
    }, 180);
  });
  input.addEventListener('keydown', (e) => {
    if (!box || !items.length) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      pos = (pos + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      [...box.children].forEach((c, i) => c.classList.toggle('on', i === pos));
    } else if (e.key === 'Enter' && pos >= 0) {
      e.preventDefault();
      pick(items[pos]);
    } else if (e.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
}

/* ---- a document ---- */

async function showDoc(id) {
  const card = $('doc-card');
  card.replaceChildren(el('div', { class: 'loading' }, 'Loading…'));
  $('view-doc').querySelector('.back').href = exploreHash();
  try {
    const r = await api('/v1/documents/' + encodeURIComponent(id));
    const d = r.document;
    const url = safeUrl(d.url);
    card.replaceChildren(...kids(
      el('h1', {}, d.title || d.doc_id),
      el('div', { class: 'docmeta' },
        el('span', {}, 'Outlet ', el('b', {}, d.outlet || 'unknown')),
        el('span', {}, 'Published ', el('b', {}, d.pub_date || '–')),
        el('span', {}, 'Id ', el('code', {}, d.doc_id)),
        el('span', { class: 'status ' + d.status }, d.status),
        el('span', {}, plural(d.sentences, 'sentence'), ' · ', plural(d.events, 'event')),
        url ? el('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, 'original article') : null),
      d.error ? el('div', { class: 'notice' }, d.error) : null,
      el('p', { class: 'muted small' }, 'The store keeps the sentences that reported events, not the whole text. Highlighted: ',
        el('mark', { class: 'hs' }, 'source'), ' ', el('mark', { class: 'hv' }, 'verb'), ' ', el('mark', { class: 'ht' }, 'target'), '.'),
      ...(r.events.length
        ? r.events.map((ev) => reportItem(ev, ev.text, ev.evidence.sentence[0], { eventLink: true }))
        : [el('div', { class: 'empty-list' }, 'This document reported no events.')])));
  } catch (e) {
    card.replaceChildren(el('div', { class: 'notice' }, e.message));
  }
}

/* ---- an event and its reports ---- */

async function showEvent(id) {
  const card = $('event-card');
  card.replaceChildren(el('div', { class: 'loading' }, 'Loading…'));
  $('view-event').querySelector('.back').href = exploreHash();
  try {
    const r = await api('/v1/events/' + encodeURIComponent(id) + '?limit=200');
    const ev = r.event;
    card.replaceChildren(...kids(
      el('h1', {}, ev.event || 'CAMEO ' + ev.code),
      el('div', { class: 'bigev' },
        actorTag(ev.source, 's'), el('span', { class: 'muted' }, ev.source_text || ''),
        el('span', { class: 'arrow' }, '→'),
        actorTag(ev.target, 't'), el('span', { class: 'muted' }, ev.target_text || '')),
      el('div', { class: 'stats' },
        el('div', {}, el('b', {}, ev.date), el('span', {}, 'event date')),
        el('div', {}, el('b', {}, ev.code), el('span', {}, QUADS[ev.quad] || 'code')),
        el('div', {}, el('b', { class: 'gs ' + gClass(ev.goldstein) }, fmtG(ev.goldstein)), el('span', {}, 'Goldstein')),
        el('div', {}, el('b', {}, fmt(ev.num_mentions)), el('span', {}, 'reports')),
        el('div', {}, el('b', {}, fmt(ev.num_articles)), el('span', {}, 'articles')),
        el('div', {}, el('b', {}, fmt(ev.num_sources)), el('span', {}, 'outlets')),
        el('div', { class: 'where' }, el('b', {}, ev.location ? ev.location.name : '—'),
          el('span', {}, ev.location
            ? ['place', ev.location.country, ev.location.precision].filter(Boolean).join(' · ')
            : 'place not stated'))),
      el('div', { class: 'section-title' }, 'Reports, first published first'),
      ...r.reports.map((m) => reportItem(m, m.text, m.evidence.sentence[0], { docLink: true })),
      r.reports.length < ev.num_mentions ? el('p', { class: 'muted small' }, 'Showing the first ' + r.reports.length + ' reports.') : null));
  } catch (e) {
    card.replaceChildren(el('div', { class: 'notice' }, e.message));
  }
}

/* ---- code a text ---- */

const EXAMPLE = 'Turkish President Recep Tayyip Erdogan hosted Hungarian Prime Minister Viktor Orban in Ankara on Monday, ' +
  'the presidency said. The two leaders signed agreements on energy and trade.\n\n' +
  'Separately, the Polish foreign ministry summoned Russia\'s ambassador to protest against repeated airspace violations, ' +
  'a spokesman said. Warsaw also expelled two Russian diplomats.';

async function codeText(evt) {
  if (evt) evt.preventDefault();
  const text = $('code-text').value;
  const date = $('code-date').value;
  if (!text.trim()) { notice('Paste a text first.'); return; }
  if (!date) { notice('Give the publication date: it anchors dates such as “on Monday”.'); return; }
  notice('');
  const doc = { id: 'pasted', date, text };
  const outlet = $('code-outlet').value.trim();
  if (outlet) doc.source = outlet;
  const body = JSON.stringify(doc);
  const opts = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body };
  $('code-run').disabled = true;
  $('code-events').replaceChildren(el('div', { class: 'loading' }, 'Coding…'));
  $('code-explain').replaceChildren();
  try {
    const [coded, explained] = await Promise.all([api('/v1/code', opts), api('/v1/explain', opts)]);
    const bytes = enc.encode(text);
    const evs = coded.events;
    const nsent = (explained.sentences || []).length;
    $('code-count').textContent = `${evs.length} event${evs.length === 1 ? '' : 's'} in ${nsent} sentence${nsent === 1 ? '' : 's'}`;
    if (coded.errors && coded.errors.length) notice(coded.errors[0].message);
    $('code-events').replaceChildren(...(evs.length
      ? evs.map((ev) => {
        const s = ev.evidence.sentence;
        return reportItem(ev, dec.decode(bytes.subarray(s[0], s[1])), s[0], {});
      })
      : [el('div', { class: 'empty-list' }, 'No events: no sentence names two actors with a verb the dictionaries code.')]));
    renderExplain(explained);
  } catch (e) {
    $('code-events').replaceChildren(el('div', { class: 'notice' }, e.message));
  } finally {
    $('code-run').disabled = false;
  }
}

function renderExplain(x) {
  const out = [];
  for (const s of x.sentences || []) {
    const rows = [];
    const kv = el('div', { class: 'kv' });
    const add = (k, ...v) => kv.append(el('span', { class: 'k' }, k), el('span', { class: 'v' }, ...v));
    for (const m of s.mentions || []) {
      add(m.text, el('span', { class: 'tag ' + (m.kind === 'actor' ? 's' : 'none') }, m.code || '—'), ' ', m.kind,
        m.window ? ' ' + m.window : '', el('span', { class: 'pattern' }, '  ' + (m.file || '') + ':' + (m.line || '')));
    }
    if (kv.childElementCount) rows.push(el('h3', {}, 'Actors and agents'), kv);
    const verbs = el('div', { class: 'kv' });
    for (const v of s.verbs || []) {
      const phrase = (i) => (i !== undefined && i >= 0 && s.phrases && s.phrases[i] ? s.phrases[i].text : null);
      const who = [phrase(v.source_phrase), phrase(v.target_phrase)];
      verbs.append(el('span', { class: 'k' }, v.text),
        el('span', { class: 'v' }, el('span', { class: 'outcome ' + (v.outcome === 'coded' ? 'coded' : '') }, v.outcome),
          v.code ? ' ' + v.code : '',
          v.outcome === 'coded' && (who[0] || who[1]) ? ' · ' + (who[0] || '—') + ' → ' + (who[1] || '—') : '',
          v.pattern ? el('span', { class: 'pattern' }, '  ' + v.pattern.text + ' (' + v.pattern.file + ':' + v.pattern.line + ')') : ''));
    }
    if (verbs.childElementCount) rows.push(el('h3', {}, 'Verbs'), verbs);
    if ((s.dates || []).length) {
      const kd = el('div', { class: 'kv' });
      for (const d of s.dates) kd.append(el('span', { class: 'k' }, d.text), el('span', { class: 'v' }, d.date + ' (' + d.precision + ')'));
      rows.push(el('h3', {}, 'Dates'), kd);
    }
    if ((s.attribution || []).length) rows.push(el('h3', {}, 'According to'), el('div', {}, chain(s.attribution)));
    out.push(el('div', { class: 'explain-s' },
      el('div', { class: 'sentence' }, s.text),
      ...(rows.length ? rows : [el('div', { class: 'muted small' }, s.discarded ? 'Discarded by a dictionary phrase.' : 'Nothing coded in this sentence.')])));
  }
  $('code-explain').replaceChildren(...(out.length ? out : [el('div', { class: 'empty-list' }, 'No sentences.')]));
}

/* ---- routes: #/ (explore), #/doc/ID, #/event/ID, #/code ---- */

function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function show(view) {
  for (const v of document.querySelectorAll('.view')) v.hidden = v.id !== 'view-' + view;
  for (const a of document.querySelectorAll('[data-nav]')) a.classList.toggle('on', a.dataset.nav === (view === 'code' ? 'code' : 'explore'));
}

async function route() {
  const h = location.hash.replace(/^#/, '') || '/';
  notice('');
  if (h.startsWith('/doc/')) {
    show('doc');
    return showDoc(decodeURIComponent(h.slice(5)));
  }
  if (h.startsWith('/event/')) {
    show('event');
    return showEvent(h.slice(7));
  }
  if (h.startsWith('/code')) {
    show('code');
    return;
  }
  show('explore');
  const qs = h.indexOf('?');
  return showExplore(new URLSearchParams(qs >= 0 ? h.slice(qs + 1) : ''));
}

function init() {
  const root = $('f-root');
  for (const [c, n] of ROOTS) root.append(el('option', { value: c }, c + ' ' + n));
  for (const k of ['actor', 'source', 'target']) suggest(k);
  $('filters').addEventListener('submit', (e) => { e.preventDefault(); search(); });
  $('reset').addEventListener('click', () => {
    writeForm({});
    for (const k of ['actor', 'source', 'target']) $('h-' + k).textContent = '';
    state.filter = {};
    state.offset = 0;
    go('#/' + (state.period !== 'month' ? '?period=' + state.period : ''));
  });
  for (const b of $('period').querySelectorAll('button')) {
    b.addEventListener('click', () => { state.period = b.dataset.period; go(exploreHash()); });
  }
  $('prev').addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE); go(exploreHash()); });
  $('next').addEventListener('click', () => { state.offset += PAGE; go(exploreHash()); });
  $('code-form').addEventListener('submit', codeText);
  $('code-example').addEventListener('click', () => {
    $('code-text').value = EXAMPLE;
    $('code-outlet').value = 'Example Wire';
    if (!$('code-date').value) $('code-date').value = '2024-02-13';
  });
  $('code-date').value = new Date().toISOString().slice(0, 10);
  let width = window.innerWidth;
  window.addEventListener('resize', () => {
    if (Math.abs(window.innerWidth - width) < 40 || $('view-explore').hidden) return;
    width = window.innerWidth;
    loadSeries();
  });
  window.addEventListener('hashchange', route);
  loadSummary();
  route();
}

document.addEventListener('DOMContentLoaded', init);
