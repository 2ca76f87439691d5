// The timeline: articles per month (or year, or week) as an SVG bar chart; a bar
// narrows the dates to its period.

import { api } from './api.js';
import { comparing, drawAttention, fetchAttention } from './compare.js';
import { el, h } from './dom.js';
import { fmtDate, fmtNum, isoDay, parseDay } from './format.js';
import { counted, filterParams, navigate, state } from './state.js';

const MONTHS = ['січень', 'лютий', 'березень', 'квітень', 'травень', 'червень', 'липень',
  'серпень', 'вересень', 'жовтень', 'листопад', 'грудень'];
const MONTHS_SHORT = ['січ', 'лют', 'бер', 'кві', 'тра', 'чер', 'лип', 'сер', 'вер', 'жов',
  'лис', 'гру'];
const SVG = 'http://www.w3.org/2000/svg';
const MAX_BAR = 56; // px: a few bars stay bars, not slabs

let timelineAbort = null;
let lastTimeline = null;

/** Draws the last timeline again (the width changed). */
export function redrawTimeline() {
  if (!lastTimeline) return;
  if (lastTimeline.series) drawAttention(lastTimeline);
  else drawTimeline(lastTimeline);
}

/** Asks for the timeline of the current filters (months; years or weeks when months say
 *  little) and draws it. */
export async function runTimeline() {
  if (timelineAbort) timelineAbort.abort();
  const ctrl = new AbortController();
  timelineAbort = ctrl;
  try {
    if (comparing()) {
      const data = await fetchAttention(ctrl.signal);
      if (ctrl.signal.aborted) return;
      lastTimeline = data;
      drawAttention(data);
      return;
    }
    el.legend.hidden = true;
    let data = await timelineFetch('month', ctrl.signal);
    const n = (data.buckets || []).length;
    if (n > 120) data = await timelineFetch('year', ctrl.signal);
    else if (n > 0 && n <= 3) {
      // A narrow range (one month picked): weeks say more.
      try {
        const weeks = await timelineFetch('week', ctrl.signal);
        if ((weeks.buckets || []).length > n) data = weeks;
      } catch (e) {
        if (e.name === 'AbortError') throw e;
      }
    }
    if (ctrl.signal.aborted) return;
    lastTimeline = data;
    drawTimeline(data);
  } catch (e) {
    if (e.name === 'AbortError') return;
    lastTimeline = null;
    // The search shows the error; the chart just goes.
    el.timeline.hidden = true;
  }
}

function timelineFetch(by, signal) {
  const p = filterParams(state);
  p.set('by', by);
  return api('/api/timeline', p, signal);
}

/** The last day of a bucket when the server leaves it out: the day before the next
 *  period starts. */
function bucketEnd(by, start) {
  const d = parseDay(start);
  if (by === 'year') return d.getUTCFullYear() + '-12-31';
  if (by === 'week') return isoDay(new Date(d.getTime() + 6 * 86400000));
  return isoDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)));
}

function bucketLabel(by, b) {
  const d = parseDay(b.start);
  if (by === 'year') return String(d.getUTCFullYear()) + ' рік';
  if (by === 'week') {
    return 'тиждень з ' + fmtDate(b.start);
  }
  return MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
}

function drawTimeline(data) {
  const buckets = data.buckets || [];
  const box = el.timelineChart;
  box.textContent = '';
  el.timelineTip.hidden = true;
  if (!buckets.length) {
    el.timeline.hidden = true;
    return;
  }
  el.timeline.hidden = false;
  const by = data.by || 'month';
  el.timeline.dataset.by = by;
  el.timeline.dataset.total = String(data.total || 0);
  el.timeline.dataset.undated = String(data.undated || 0);
  const unit = { month: 'місяцями', year: 'роками', week: 'тижнями' }[by] || by;
  const notes = ['за ' + unit];
  if (data.undated) notes.push(counted(data.undated) + ' без дати');
  notes.push('клацніть стовпчик, щоб обмежити дати');
  el.timelineNote.textContent = notes.join(' · ');

  const width = Math.max(280, box.clientWidth || 600);
  const height = 150;
  const m = { top: 12, right: 8, bottom: 24, left: 34 };
  const iw = width - m.left - m.right;
  const ih = height - m.top - m.bottom;
  const max = buckets.reduce((a, b) => Math.max(a, b.count), 0) || 1;
  const step = iw / buckets.length;
  const gap = step > 6 ? Math.min(4, step * 0.2) : 0.5;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
  svg.setAttribute('role', 'group');
  svg.setAttribute('aria-label', 'Кількість ' + (state.count === 'stories' ? 'сюжетів ' : 'статей ') + unit + ': від ' + bucketLabel(by, buckets[0]) + ' до '
    + bucketLabel(by, buckets[buckets.length - 1]) + ', найбільше ' + counted(max) + ' за період');
  const s = (tag, attrs, parent) => {
    const n = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
    (parent || svg).append(n);
    return n;
  };
  // Grid: the maximum and its half.
  const ticks = max >= 2 ? [max, Math.round(max / 2)] : [max];
  for (const t of ticks) {
    const y = m.top + ih - (t / max) * ih;
    s('line', { x1: m.left, x2: width - m.right, y1: y, y2: y, class: 'grid' });
    const lab = s('text', { x: m.left - 6, y: y + 4, class: 'axis', 'text-anchor': 'end' });
    lab.textContent = fmtNum(t);
  }
  s('line', { x1: m.left, x2: width - m.right, y1: m.top + ih, y2: m.top + ih, class: 'baseline' });

  const bars = s('g', { class: 'bars' });
  // The bar reached by Tab: the selected period, else the last with articles.
  let focusIndex = buckets.findIndex((b) => state.from === b.start && state.to === (b.end || bucketEnd(by, b.start)));
  if (focusIndex < 0) {
    focusIndex = buckets.length - 1;
    while (focusIndex > 0 && !buckets[focusIndex].count) focusIndex -= 1;
  }
  buckets.forEach((b, i) => {
    const x = m.left + i * step;
    const bh = b.count ? Math.max(2, (b.count / max) * ih) : 0;
    const end = b.end || bucketEnd(by, b.start);
    const selected = state.from === b.start && state.to === end;
    const g = s('g', {
      class: 'bar' + (b.count ? '' : ' is-zero') + (selected ? ' is-selected' : ''),
      tabindex: i === focusIndex ? 0 : -1,
      role: 'button',
      'data-period': b.period,
      'data-start': b.start,
      'data-end': end,
      'data-count': b.count,
      'aria-label': bucketLabel(by, b) + ': ' + counted(b.count),
    }, bars);
    const title = s('title', {}, g);
    title.textContent = bucketLabel(by, b) + ': ' + counted(b.count);
    s('rect', { class: 'bar-hit', x, y: m.top, width: step, height: ih }, g);
    const bw = Math.min(MAX_BAR, Math.max(0.5, step - gap));
    s('rect', {
      class: 'bar-fill',
      'data-testid': 'timeline-bar',
      x: x + (step - bw) / 2,
      y: m.top + ih - bh,
      width: bw,
      height: bh,
      rx: step > 8 ? 2 : 0,
    }, g);
    const pick = () => navigate({ from: b.start, to: end });
    g.addEventListener('click', pick);
    g.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        pick();
        return;
      }
      // One tab stop for the chart; the arrows, Home and End move between bars.
      const moves = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: buckets.length - 1 };
      if (!(ev.key in moves)) return;
      ev.preventDefault();
      const j = Math.min(buckets.length - 1, Math.max(0, moves[ev.key]));
      const all = bars.querySelectorAll('g.bar');
      all[i].setAttribute('tabindex', '-1');
      all[j].setAttribute('tabindex', '0');
      all[j].focus();
    });
    const show = () => showTip(g, b, by, x + step / 2, m.top + ih - bh, width);
    g.addEventListener('mouseenter', show);
    g.addEventListener('focus', show);
    g.addEventListener('mouseleave', () => { el.timelineTip.hidden = true; });
    g.addEventListener('blur', () => { el.timelineTip.hidden = true; });
  });

  // X labels: years (months, weeks: where the year changes) spaced to fit.
  const labels = [];
  buckets.forEach((b, i) => {
    const d = parseDay(b.start);
    if (by === 'year') labels.push([i, String(d.getUTCFullYear())]);
    else if (by === 'month' && (d.getUTCMonth() === 0 || i === 0)) {
      labels.push([i, buckets.length <= 14 ? MONTHS_SHORT[d.getUTCMonth()] + ' ' + d.getUTCFullYear() : String(d.getUTCFullYear())]);
    } else if (by === 'month' && buckets.length <= 14) labels.push([i, MONTHS_SHORT[d.getUTCMonth()]]);
    else if (by === 'week') labels.push([i, d.getUTCDate() + ' ' + MONTHS_SHORT[d.getUTCMonth()]]);
  });
  let lastX = -Infinity;
  for (const [i, text] of labels) {
    const x = m.left + i * step + (by === 'month' && buckets.length > 14 ? 0 : step / 2);
    const w = text.length * 6.5 + 8;
    if (x - lastX < w) continue;
    const anchor = by === 'month' && buckets.length > 14 ? 'start' : 'middle';
    const t = s('text', { x: Math.min(x, width - m.right - (anchor === 'start' ? w - 8 : w / 2)), y: height - 6, class: 'axis', 'text-anchor': anchor });
    t.textContent = text;
    if (by === 'month' && buckets.length > 14) {
      s('line', { x1: x, x2: x, y1: m.top + ih, y2: m.top + ih + 4, class: 'baseline' });
    }
    lastX = x;
  }
  box.append(svg);
}

function showTip(g, b, by, x, y, width) {
  const tip = el.timelineTip;
  tip.textContent = '';
  tip.append(h('strong', {}, bucketLabel(by, b)), h('br'), counted(b.count));
  tip.hidden = false;
  const tw = tip.offsetWidth;
  const left = Math.min(Math.max(0, x - tw / 2), width - tw);
  tip.style.left = (el.timelineChart.offsetLeft + left) + 'px';
  tip.style.top = (el.timelineChart.offsetTop + Math.max(0, y - tip.offsetHeight - 8)) + 'px';
}
