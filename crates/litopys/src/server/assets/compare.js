// Attention compared: the timeline of the query and of up to four more (`vs`), on one
// axis, as counts or as shares of every article of the period (/api/attention); one
// colour per query, a legend that names them and removes one, a column per period
// that narrows the dates to it.

import { api } from './api.js';
import { el, h } from './dom.js';
import { fmtNum, parseDay } from './format.js';
import { counted, filterParams, navigate, state } from './state.js';

/** One colour per line (distinct for common colour blindness, dark enough on white). */
export const COLOURS = ['#1f5fa8', '#d1651c', '#2b8a3e', '#a33ea1', '#8a6d1f'];
const SVG = 'http://www.w3.org/2000/svg';
const MONTHS_SHORT = ['січ', 'лют', 'бер', 'кві', 'тра', 'чер', 'лип', 'сер', 'вер', 'жов',
  'лис', 'гру'];

/** True when the view asks for a comparison (more queries, or shares). */
export function comparing() {
  return state.vs.length > 0 || state.share;
}

/** The comparison of the current view, months (years past 120 months). */
export async function fetchAttention(signal) {
  const ask = (by) => {
    const p = filterParams(state);
    if (!p.has('q')) p.set('q', '');
    for (const v of state.vs) p.append('vs', v);
    if (state.share) p.set('share', '1');
    p.set('by', by);
    return api('/api/attention', p, signal);
  };
  const data = await ask('month');
  return (data.periods || []).length > 120 ? ask('year') : data;
}

/** Wires the form (add a query) and the share switch. */
export function bindCompare() {
  el.compareForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = el.compareQ.value.trim();
    if (!q || state.vs.includes(q) || state.vs.length >= COLOURS.length - 1) return;
    el.compareQ.value = '';
    navigate({ vs: state.vs.concat([q]) }, { resetPage: false });
  });
  el.share.addEventListener('change', () => navigate({ share: el.share.checked }, { resetPage: false }));
}

/** The form's state from the view. */
export function syncCompare() {
  el.share.checked = state.share;
  el.compareQ.disabled = state.vs.length >= COLOURS.length - 1;
}

function name(query) {
  return query ? '«' + query + '»' : 'усі статті';
}

function value(series, i, share) {
  return share ? series.shares[i] : series.counts[i];
}

function fmtValue(v, share) {
  if (v === null || v === undefined) return '—';
  return share ? (v * 100).toFixed(2).replace('.', ',') + '%' : fmtNum(v);
}

/** The legend: each query in its colour; the compared ones can be removed. */
function drawLegend(data) {
  el.legend.textContent = '';
  el.legend.hidden = false;
  data.series.forEach((s, i) => {
    const item = h('li', { class: 'legend-item', 'data-testid': 'legend-item' },
      h('span', { class: 'swatch', style: { background: COLOURS[i] }, 'aria-hidden': 'true' }),
      name(s.query) + ' · ' + counted(s.total));
    if (i > 0) {
      const rm = h('button', { type: 'button', class: 'btn-x', 'aria-label': 'Прибрати ' + name(s.query) }, '×');
      rm.addEventListener('click', () => navigate({ vs: state.vs.filter((v) => v !== s.query) }, { resetPage: false }));
      item.append(rm);
    }
    el.legend.append(item);
  });
}

/** Draws the comparison: one line per query over the periods. */
export function drawAttention(data) {
  const periods = data.periods || [];
  const box = el.timelineChart;
  box.textContent = '';
  el.timelineTip.hidden = true;
  el.timeline.hidden = false;
  el.timeline.dataset.by = data.by;
  drawLegend(data);
  const share = state.share;
  const unit = state.count === 'stories' ? 'сюжетів' : 'статей';
  el.timelineNote.textContent = (share ? 'частка від усіх ' + unit + ' періоду' : 'кількість ' + unit)
    + ' · клацніть період, щоб обмежити дати';
  if (!periods.length) return;
  const width = Math.max(280, box.clientWidth || 600);
  const height = 170;
  const m = { top: 12, right: 8, bottom: 24, left: 46 };
  const iw = width - m.left - m.right;
  const ih = height - m.top - m.bottom;
  let max = 0;
  for (const s of data.series) periods.forEach((_, i) => { max = Math.max(max, value(s, i, share) || 0); });
  if (!max) max = share ? 0.01 : 1;
  const step = iw / periods.length;
  const x = (i) => m.left + i * step + step / 2;
  const y = (v) => m.top + ih - (v / max) * ih;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('role', 'group');
  svg.setAttribute('aria-label', 'Порівняння запитів: ' + data.series.map((s) => name(s.query)).join(', '));
  const s = (tag, attrs, parent) => {
    const n = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
    (parent || svg).append(n);
    return n;
  };
  for (const t of [max, max / 2]) {
    s('line', { x1: m.left, x2: width - m.right, y1: y(t), y2: y(t), class: 'grid' });
    s('text', { x: m.left - 6, y: y(t) + 4, class: 'axis', 'text-anchor': 'end' }).textContent = fmtValue(share ? t : Math.round(t), share);
  }
  s('line', { x1: m.left, x2: width - m.right, y1: m.top + ih, y2: m.top + ih, class: 'baseline' });
  // A column per period: the click target, and what the tooltip describes.
  periods.forEach((p, i) => {
    const lines = data.series.map((se) => name(se.query) + ': ' + fmtValue(value(se, i, share), share)
      + (share ? ' (' + counted(se.counts[i]) + ')' : ''));
    if (share) lines.push('усього ' + unit + ': ' + fmtNum(p.all));
    const g = s('g', { class: 'period', role: 'button', tabindex: i === periods.length - 1 ? 0 : -1,
      'data-start': p.start, 'data-end': p.end, 'aria-label': p.period + ': ' + lines.join('; ') });
    s('title', {}, g).textContent = p.period + '\n' + lines.join('\n');
    s('rect', { class: 'bar-hit', x: m.left + i * step, y: m.top, width: step, height: ih }, g);
    const pick = () => navigate({ from: p.start, to: p.end });
    g.addEventListener('click', pick);
    g.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); pick(); }
    });
  });
  data.series.forEach((se, k) => {
    const pts = [];
    periods.forEach((_, i) => {
      const v = value(se, i, share);
      if (v !== null && v !== undefined) pts.push([x(i), y(v)]);
    });
    s('polyline', { class: 'series', 'data-testid': 'series-line', fill: 'none', stroke: COLOURS[k],
      'stroke-width': 2, points: pts.map((q) => q.join(',')).join(' ') });
    if (periods.length <= 60) for (const [px, py] of pts) s('circle', { cx: px, cy: py, r: 2.5, fill: COLOURS[k] });
  });
  let lastX = -Infinity;
  let lastW = 0;
  periods.forEach((p, i) => {
    const d = parseDay(p.start);
    const text = data.by === 'year' ? String(d.getUTCFullYear())
      : (d.getUTCMonth() === 0 || i === 0 ? MONTHS_SHORT[d.getUTCMonth()] + ' ' + d.getUTCFullYear() : MONTHS_SHORT[d.getUTCMonth()]);
    const w = text.length * 6.5 + 8;
    if (x(i) - lastX < (w + lastW) / 2) return;
    s('text', { x: x(i), y: height - 6, class: 'axis', 'text-anchor': 'middle' }).textContent = text;
    lastX = x(i);
    lastW = w;
  });
  box.append(svg);
}
