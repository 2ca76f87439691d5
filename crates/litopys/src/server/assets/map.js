// The country facet as a world map: every country of the result set shaded by how many
// articles name it, on an embedded Natural Earth map (world.json, built by
// tools/world-map); a click toggles the country's filter, as the list beside the results
// does. The list stays the whole, accessible answer: the map adds where, and leaves out
// only what it cannot draw (a few tiny states, named under it).

import { api } from './api.js';
import { el, h } from './dom.js';
import { fmtNum, plural } from './format.js';
import { isActive, learnCountries, toggleFilter } from './filters.js';
import { counted, filterParams, state } from './state.js';

// Every country of the result set, not the search's top 25: one /api/facets request for
// the country facet alone (the company and source lists stay short), asked when the
// filters change (not the page or the order, as the search is) and only while the map is
// open. 250 covers every ISO 3166-1 code; the cost is one count over the matching
// articles, like one facet list of the search.
const MAP_LIMIT = 250;

/** Light to dark; a scale of fewer classes takes them evenly spaced. */
const COLOURS = ['#c9dcf2', '#a5c4e7', '#75a2d5', '#4a80bf', '#2b5fa2', '#173e74'];
const SVG = 'http://www.w3.org/2000/svg';
const DOT = { world: 3, europe: 1.3 }; // radius of a small state's dot, map units
const OPEN_KEY = 'litopys-map'; // "open" / "closed", as last chosen
const VIEW_KEY = 'litopys-map-view'; // "world" / "europe"

let abort = null;
let shownKey = null;
let worldPromise = null;
let world = null;
let view = stored(VIEW_KEY) === 'europe' ? 'europe' : 'world';
let lastOpen = null;

function stored(key) {
  try {
    return localStorage.getItem(key);
  } catch (e) {
    return null;
  }
}

function store(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch (e) {
    // Storage refused (private mode): the choice lasts for this page only.
  }
}

/** The map's switches: open or folded (remembered; folded by default on narrow
 *  screens, like the facets), world or Europe. */
export function bindMap() {
  const pref = stored(OPEN_KEY);
  lastOpen = pref ? pref === 'open' : !window.matchMedia('(max-width: 900px)').matches;
  el.map.open = lastOpen;
  el.map.addEventListener('toggle', () => {
    if (el.map.open === lastOpen) return; // set by bindMap, not chosen
    lastOpen = el.map.open;
    store(OPEN_KEY, lastOpen ? 'open' : 'closed');
    if (lastOpen) runMap();
  });
  for (const btn of el.mapZoom.querySelectorAll('button[data-view]')) {
    btn.addEventListener('click', () => setView(btn.dataset.view));
  }
  syncZoom();
}

/** Asks for the countries of the current filters and draws them, when the map is open;
 *  `fresh`: ask again even for the filters already drawn (the same search again). */
export async function runMap(fresh) {
  const key = filterParams(state).toString();
  if (!el.map.open || (!fresh && key === shownKey)) return;
  if (abort) abort.abort();
  const ctrl = new AbortController();
  abort = ctrl;
  const p = filterParams(state);
  p.set('kind', 'country');
  p.set('limit', String(MAP_LIMIT));
  try {
    const [w, data] = await Promise.all([loadWorld(), api('/api/facets', p, ctrl.signal)]);
    if (ctrl.signal.aborted) return;
    shownKey = key;
    learnCountries(data.values);
    el.map.hidden = false;
    drawMap(w, data.values || []);
  } catch (e) {
    if (e.name === 'AbortError' || ctrl.signal.aborted) return;
    // The search shows the error; the map just goes until the next answer.
    shownKey = null;
    el.map.hidden = true;
  }
}

/** The map's shapes, asked once. */
function loadWorld() {
  if (!worldPromise) {
    worldPromise = api('/assets/world.json').then((w) => (world = w), (e) => {
      worldPromise = null;
      throw e;
    });
  }
  return worldPromise;
}

/** Class edges for counts up to `max`: logarithmic, two significant digits, each class
 *  [previous edge + 1, edge]. */
export function scaleOf(max) {
  const k = Math.min(COLOURS.length, max);
  const edges = [];
  for (let i = 1; i <= k; i += 1) {
    let e = Math.round(Math.pow(max, i / k));
    if (e >= 100) {
      const p = Math.pow(10, Math.floor(Math.log10(e)) - 1);
      e = Math.round(e / p) * p;
    }
    if (i === k) e = max;
    if (!edges.length || e > edges[edges.length - 1]) edges.push(e);
  }
  return edges.map((e, i) => ({
    from: i ? edges[i - 1] + 1 : 1,
    to: e,
    colour: COLOURS[edges.length === 1 ? 3 : Math.round((i * (COLOURS.length - 1)) / (edges.length - 1))],
  }));
}

function colourOf(classes, count) {
  const c = classes.find((x) => count <= x.to);
  return c ? c.colour : COLOURS[COLOURS.length - 1];
}

function viewBox(w) {
  const b = view === 'europe' && w.europe ? w.europe : [0, 0, w.width, w.height];
  return b.join(' ');
}

function setView(v) {
  view = v === 'europe' ? 'europe' : 'world';
  store(VIEW_KEY, view);
  syncZoom();
  const svg = el.mapChart.querySelector('svg');
  if (!svg || !world) return;
  svg.setAttribute('viewBox', viewBox(world));
  for (const dot of svg.querySelectorAll('circle.map-country')) dot.setAttribute('r', String(DOT[view]));
  for (const ring of svg.querySelectorAll('path.map-ring')) ring.setAttribute('d', 'M0,0');
  for (const ring of svg.querySelectorAll('circle.map-ring')) ring.setAttribute('r', '0');
  el.mapTip.hidden = true;
}

function syncZoom() {
  for (const btn of el.mapZoom.querySelectorAll('button[data-view]')) {
    btn.setAttribute('aria-pressed', btn.dataset.view === view ? 'true' : 'false');
  }
}

/** Draws `values` (the country facet: name, code, count) on the map `w`. */
export function drawMap(w, values) {
  const box = el.mapChart;
  const focused = box.contains(document.activeElement) ? document.activeElement.dataset.code : null;
  box.textContent = '';
  el.mapTip.hidden = true;
  const byCode = new Map();
  for (const v of values) if (v.code && v.count > 0) byCode.set(v.code.toUpperCase(), v);
  const max = values.reduce((m, v) => Math.max(m, v.count), 0);
  const classes = scaleOf(max);
  const shapes = new Map(w.countries.map((c) => [c.code, c]));
  const dots = new Map(w.dots.map((c) => [c.code, c]));

  const svg = document.createElementNS(SVG, 'svg');
  const s = (tag, attrs, parent) => {
    const n = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) n.setAttribute(k, String(v));
    (parent || svg).append(n);
    return n;
  };
  svg.setAttribute('viewBox', viewBox(w));
  svg.setAttribute('class', 'map-svg');
  svg.setAttribute('role', 'group');
  svg.setAttribute('aria-labelledby', 'map-svg-title');
  svg.setAttribute('data-testid', 'map');
  const drawn = values.filter((v) => v.code && v.count > 0 && (shapes.has(v.code.toUpperCase()) || dots.has(v.code.toUpperCase())));
  const top = drawn[0];
  s('title', { id: 'map-svg-title' }).textContent = 'Статті за країнами на карті'
    + (top ? ': ' + fmtNum(drawn.length) + ' ' + plural(drawn.length, 'країна', 'країни', 'країн')
      + ', найбільше — ' + top.name + ', ' + counted(top.count) : ': немає');

  // Arrows, Home and End move between the countries in the list's order (most articles
  // first); Tab reaches the map once, at a picked country or the first.
  const order = drawn.map((v) => v.code.toUpperCase());
  const firstStop = order.find((c) => isActive('country', byCode.get(c))) || order[0];
  const land = s('g', { class: 'map-land' });
  const marks = s('g', { class: 'map-marks' });
  // Outlines above everything: where the pointer is, and the focused country.
  const ringOf = (cls) => {
    const path = s('path', { class: 'map-ring ' + cls, d: 'M0,0' });
    const dot = s('circle', { class: 'map-ring ' + cls, r: 0, cx: 0, cy: 0 });
    const clear = () => {
      path.setAttribute('d', 'M0,0');
      dot.setAttribute('r', '0');
    };
    return {
      nodes: [path, dot],
      clear,
      set: (node, c) => {
        clear();
        if (node.tagName === 'circle') {
          dot.setAttribute('cx', String(c.x));
          dot.setAttribute('cy', String(c.y));
          dot.setAttribute('r', node.getAttribute('r'));
        } else path.setAttribute('d', c.d);
      },
    };
  };
  const hover = ringOf('is-hover');
  const focus = ringOf('is-focus');
  const nodes = new Map();
  const country = (c, node) => {
    const v = byCode.get(c.code);
    node.setAttribute('data-code', c.code);
    node.addEventListener('mouseenter', (ev) => {
      hover.set(node, c);
      showTip(node, v ? v.name : c.name, v, ev);
    });
    node.addEventListener('mousemove', (ev) => placeTip(ev.clientX, ev.clientY));
    node.addEventListener('mouseleave', () => {
      hover.clear();
      el.mapTip.hidden = true;
    });
    if (!v) {
      node.setAttribute('class', 'map-country is-zero');
      return;
    }
    const active = isActive('country', v);
    nodes.set(c.code, node);
    node.setAttribute('class', 'map-country has-hits' + (active ? ' is-active' : ''));
    node.setAttribute('fill', colourOf(classes, v.count));
    node.setAttribute('data-testid', 'map-country');
    node.setAttribute('data-count', String(v.count));
    node.setAttribute('role', 'button');
    node.setAttribute('tabindex', c.code === firstStop ? '0' : '-1');
    node.setAttribute('aria-pressed', active ? 'true' : 'false');
    node.setAttribute('aria-label', v.name + ': ' + counted(v.count)
      + (active ? ' (фільтр увімкнено, клацніть, щоб прибрати)' : ''));
    node.addEventListener('click', () => toggleFilter('country', v));
    node.addEventListener('focus', () => {
      focus.set(node, c);
      showTip(node, v.name, v, null);
    });
    node.addEventListener('blur', () => {
      focus.clear();
      el.mapTip.hidden = true;
    });
    node.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        toggleFilter('country', v);
        return;
      }
      const i = order.indexOf(c.code);
      const moves = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: order.length - 1 };
      if (!(ev.key in moves)) return;
      ev.preventDefault();
      const next = nodes.get(order[Math.min(order.length - 1, Math.max(0, moves[ev.key]))]);
      node.setAttribute('tabindex', '-1');
      next.setAttribute('tabindex', '0');
      next.focus();
    });
    // A picked country is outlined above its neighbours.
    if (active && node.tagName === 'path') s('path', { class: 'map-picked', d: c.d }, marks);
  };
  for (const c of w.countries) country(c, s('path', { d: c.d }, land));
  // Small states are dots, drawn only with articles: on every one the map would be noise.
  for (const c of w.dots) {
    if (byCode.has(c.code)) country(c, s('circle', { cx: c.x, cy: c.y, r: DOT[view] }, marks));
  }
  svg.append(...hover.nodes, ...focus.nodes); // above everything
  box.append(svg);
  if (focused && nodes.has(focused)) {
    for (const n of nodes.values()) n.setAttribute('tabindex', '-1');
    nodes.get(focused).setAttribute('tabindex', '0');
    nodes.get(focused).focus({ preventScroll: true });
  }

  drawLegend(classes);
  el.mapNote.textContent = drawn.length ? fmtNum(drawn.length) + ' ' + plural(drawn.length, 'країна', 'країни', 'країн') : 'немає';
  const off = values.filter((v) => v.count > 0 && !drawn.includes(v));
  el.mapMissing.textContent = off.length
    ? 'Лише в списку: ' + off.map((v) => v.name + ' (' + fmtNum(v.count) + ')').join(', ') : '';
  el.mapMissing.hidden = !off.length;
}

function drawLegend(classes) {
  const ul = el.mapLegend;
  ul.textContent = '';
  const item = (colour, label, cls) => h('li', { class: 'map-legend-item' + (cls ? ' ' + cls : ''), 'data-testid': 'map-legend-item' },
    h('span', { class: 'map-swatch', style: colour ? { background: colour } : null, 'aria-hidden': 'true' }), label);
  for (const c of classes) {
    const label = c.from === c.to ? fmtNum(c.to) : fmtNum(c.from) + '–' + fmtNum(c.to);
    ul.append(item(c.colour, label));
  }
  ul.append(item(null, 'немає', 'is-zero'));
}

function showTip(node, name, v, ev) {
  const tip = el.mapTip;
  tip.textContent = '';
  tip.append(h('strong', {}, name), h('br'), v ? counted(v.count) : 'немає статей');
  if (v && isActive('country', v)) tip.append(' · фільтр');
  tip.hidden = false;
  if (ev) {
    placeTip(ev.clientX, ev.clientY);
  } else {
    // The middle of what shows of the country (Russia zoomed in is wider than the view).
    const r = node.getBoundingClientRect();
    const chart = el.mapChart.getBoundingClientRect();
    const left = Math.max(r.left, chart.left);
    const right = Math.min(r.right, chart.right);
    const top = Math.max(r.top, chart.top);
    const bottom = Math.min(r.bottom, chart.bottom);
    placeTip((left + right) / 2, (top + bottom) / 2);
  }
}

/** Puts the tip above a point (client coordinates), or below it at the map's top edge,
 *  within the map. */
function placeTip(x, y) {
  const tip = el.mapTip;
  if (tip.hidden) return;
  const box = el.map.getBoundingClientRect();
  const chartTop = el.mapChart.getBoundingClientRect().top - box.top;
  const tw = tip.offsetWidth;
  const th = tip.offsetHeight;
  const left = Math.min(Math.max(4, x - box.left - tw / 2), box.width - tw - 4);
  const top = y - box.top - th - 12;
  tip.style.left = left + 'px';
  tip.style.top = (top < chartTop ? y - box.top + 18 : top) + 'px';
}
