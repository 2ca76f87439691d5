// Літопис: the search page. Plain JavaScript modules, no build step, no network but this
// server. This module wires the page: the controls, render() for the current state, the
// footer's stats; the parts live in the modules imported below.

import { api, authDownload, pageStarted } from './api.js';
import { bindArticle, renderArticle } from './article.js';
import { $, bindElements, el } from './dom.js';
import { toggleExpanded } from './facets.js';
import { renderActiveFilters } from './filters.js';
import { articles, fmtDate, plural } from './format.js';
import { runSearch } from './results.js';
import {
  effectiveSort, filterParams, navigate, onNavigate, reloadFromUrl, state, stateQuery, timelineParams,
  validDate,
} from './state.js';
import { runCooccur } from './cooccur.js';
import { runTerms } from './terms.js';
import { bindMap, runMap } from './map.js';
import { bindCompare, syncCompare } from './compare.js';
import { redrawTimeline, runTimeline } from './timeline.js';

/** What the last search and timeline were for: the same again needs no request. */
let searchKey = null;
let timelineKey = null;
let resultsKey = null;

/** Brings the page in line with `state`: requests only what changed. */
function render() {
  syncControls();
  renderActiveFilters();
  updateExports();
  const sk = stateQuery(Object.assign({}, state, { article: '', sort: effectiveSort(state) }))
    .toString();
  if (sk !== searchKey) {
    searchKey = sk;
    runSearch();
  }
  const tk = timelineParams(state).toString();
  if (tk !== timelineKey) {
    timelineKey = tk;
    runTimeline();
  }
  // The result set's words, co-occurrences and map do not change with the chart's queries.
  const rk = filterParams(state).toString();
  if (rk !== resultsKey) {
    resultsKey = rk;
    runTerms();
    runCooccur();
    runMap(true);
  }
  renderArticle();
  document.title = (state.q.trim() ? state.q.trim() + ' — ' : '') + 'Літопис';
}

function syncControls() {
  if (document.activeElement !== el.q || el.q.value.trim() !== state.q.trim()) {
    el.q.value = state.q;
  }
  el.from.value = state.from;
  el.to.value = state.to;
  el.sort.value = effectiveSort(state);
  el.collapse.checked = state.collapse;
  el.countStories.checked = state.count === 'stories';
  syncCompare();
}

/** The export links: everything the current view finds, in its order. */
function updateExports() {
  for (const fmt of ['csv', 'jsonl']) {
    const p = filterParams(state);
    p.set('sort', effectiveSort(state));
    const a = fmt === 'csv' ? el.exportCsv : el.exportJsonl;
    a.href = '/api/export?format=' + fmt + '&' + p.toString();
  }
}

/** The footer's numbers, once. */
async function loadStats() {
  try {
    const st = await api('/api/stats');
    const parts = [];
    if (typeof st.articles === 'number') parts.push('В архіві ' + articles(st.articles));
    if (st.dates && st.dates.first && st.dates.last) {
      parts.push('від ' + fmtDate(st.dates.first) + ' до ' + fmtDate(st.dates.last));
    }
    if (st.sources && typeof st.sources.distinct === 'number') {
      parts.push(st.sources.distinct + ' ' + plural(st.sources.distinct, 'джерело', 'джерела', 'джерел'));
    }
    el.stats.textContent = parts.join(' · ');
  } catch (e) {
    // The footer is a nicety; the search shows real errors.
  }
}

function init() {
  bindElements();
  el.exportCsv.addEventListener('click', authDownload);
  el.exportJsonl.addEventListener('click', authDownload);

  el.form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = el.q.value.trim();
    if (q === state.q.trim() && state.page === 1 && !state.article) {
      searchKey = null; // the same query again: refresh
      timelineKey = null;
      resultsKey = null;
      render();
      return;
    }
    navigate({ q });
  });
  const setHelp = (open) => {
    el.help.hidden = !open;
    el.helpToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) el.helpClose.focus({ preventScroll: true });
  };
  el.helpToggle.addEventListener('click', () => setHelp(el.help.hidden));
  el.helpClose.addEventListener('click', () => {
    setHelp(false);
    el.helpToggle.focus();
  });
  el.help.addEventListener('click', (ev) => {
    // Clicking an example puts it in the search box.
    const code = ev.target.closest('dt code');
    if (!code) return;
    el.q.value = code.textContent;
    el.q.focus();
  });
  const dateChange = (key) => (ev) => {
    const v = validDate(ev.target.value);
    if (v !== state[key]) navigate({ [key]: v });
  };
  el.from.addEventListener('change', dateChange('from'));
  el.to.addEventListener('change', dateChange('to'));
  el.sort.addEventListener('change', () => navigate({ sort: el.sort.value }));
  el.collapse.addEventListener('change', () => navigate({ collapse: el.collapse.checked }));
  el.countStories.addEventListener('change', () => navigate({ count: el.countStories.checked ? 'stories' : '' }));
  el.prev.addEventListener('click', () => {
    if (state.page > 1) navigate({ page: state.page - 1 }, { resetPage: false });
    el.results.focus({ preventScroll: true });
    el.summary.scrollIntoView({ block: 'start' });
  });
  el.next.addEventListener('click', () => {
    navigate({ page: state.page + 1 }, { resetPage: false });
    el.results.focus({ preventScroll: true });
    el.summary.scrollIntoView({ block: 'start' });
  });
  for (const btn of document.querySelectorAll('.facet-more')) {
    btn.addEventListener('click', () => toggleExpanded(btn.dataset.kind));
  }
  $('#home').addEventListener('click', (ev) => {
    ev.preventDefault();
    navigate({
      q: '', country: [], company: [], person: [], organisation: [], source: [], from: '', to: '', sort: '', vs: [], share: false,
      collapse: false, story: '', count: '',
    });
  });
  bindArticle();
  bindCompare();
  bindMap();
  document.addEventListener('keydown', (ev) => {
    if (ev.key === '/' && !el.article.open && !/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName)) {
      ev.preventDefault();
      el.q.focus();
      el.q.select();
    }
  });
  window.addEventListener('popstate', () => {
    reloadFromUrl();
    render();
  });
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(redrawTimeline, 120);
  });

  // Narrow screens: the facets start folded, so that the results come first in view.
  if (window.matchMedia('(max-width: 900px)').matches) {
    for (const d of document.querySelectorAll('details.facet')) d.open = false;
  }

  render();
  loadStats();
  pageStarted();
  if (!state.article) el.q.focus({ preventScroll: true });
}

onNavigate(render);
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
