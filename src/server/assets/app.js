// Літопис: the search page. Plain JavaScript, no build step, no network but this server.
// The whole view lives in the URL (q, filters, dates, sort, page, open article), kept in
// step with history.pushState / popstate, so that reloading or sharing a URL restores it.
'use strict';

(function () {
  const PAGE_SIZE = 10;
  const FACET_LIMIT = 25; // values asked for per facet
  const FACET_SHOWN = 10; // shown before "more"
  const MONTHS = ['січень', 'лютий', 'березень', 'квітень', 'травень', 'червень', 'липень',
    'серпень', 'вересень', 'жовтень', 'листопад', 'грудень'];
  const MONTHS_GEN = ['січня', 'лютого', 'березня', 'квітня', 'травня', 'червня', 'липня',
    'серпня', 'вересня', 'жовтня', 'листопада', 'грудня'];
  const MONTHS_SHORT = ['січ', 'лют', 'бер', 'кві', 'тра', 'чер', 'лип', 'сер', 'вер', 'жов',
    'лис', 'гру'];
  const SVG = 'http://www.w3.org/2000/svg';
  const MAX_BAR = 56; // px: a few bars stay bars, not slabs

  const $ = (sel) => document.querySelector(sel);
  const el = {};

  // ---- state <-> URL ----------------------------------------------------------------

  /** The view, as read from the URL. `sort` is '' for the default (relevance with a
   *  query, newest first without one). */
  function readUrl() {
    const p = new URLSearchParams(location.search);
    const list = (k) => p.getAll(k).map((v) => v.trim()).filter(Boolean);
    const page = parseInt(p.get('page') || '1', 10);
    return {
      q: p.get('q') || '',
      country: list('country'),
      company: list('company'),
      source: list('source'),
      from: validDate(p.get('from')),
      to: validDate(p.get('to')),
      sort: ['relevance', 'date'].includes(p.get('sort')) ? p.get('sort') : '',
      page: Number.isFinite(page) && page > 1 ? page : 1,
      article: p.get('article') || '',
    };
  }

  function validDate(v) {
    return v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : '';
  }

  /** The query string of a state (for the page's own URL). */
  function stateQuery(s) {
    const p = filterParams(s);
    if (s.sort) p.set('sort', s.sort);
    if (s.page > 1) p.set('page', String(s.page));
    if (s.article) p.set('article', s.article);
    return p;
  }

  /** q and the filters, in the API's names. */
  function filterParams(s) {
    const p = new URLSearchParams();
    if (s.q.trim()) p.set('q', s.q.trim());
    for (const k of ['country', 'company', 'source']) for (const v of s[k]) p.append(k, v);
    if (s.from) p.set('from', s.from);
    if (s.to) p.set('to', s.to);
    return p;
  }

  function effectiveSort(s) {
    return s.sort || (s.q.trim() ? 'relevance' : 'date');
  }

  function urlOf(s) {
    const qs = stateQuery(s).toString();
    return location.pathname + (qs ? '?' + qs : '');
  }

  let state = readUrl();

  /** Moves to a new view: changes merged into the state, a history entry, a render. */
  function navigate(changes, opts) {
    const o = Object.assign({ resetPage: true }, opts);
    const next = Object.assign({}, state, changes);
    if (o.resetPage && !('page' in changes)) next.page = 1;
    if (!('article' in changes)) next.article = '';
    // An article opened from the list marks its history entry, so that closing it goes back.
    const fromList = Boolean(next.article) && !state.article;
    state = next;
    const url = urlOf(state);
    if (url !== location.pathname + location.search) history.pushState({ fromList }, '', url);
    render();
  }

  // ---- API ----------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  /** Requests in flight, also in <html data-pending> (tests wait for "0"). */
  let pending = 0;

  function setPending(delta) {
    pending += delta;
    document.documentElement.dataset.pending = String(pending);
  }

  async function api(path, params, signal) {
    setPending(1);
    try {
      return await apiCall(path, params, signal);
    } finally {
      setPending(-1);
    }
  }

  async function apiCall(path, params, signal) {
    const url = path + (params && params.toString() ? '?' + params.toString() : '');
    let res;
    try {
      res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError('Не вдалося зв\'язатися з сервером. Чи запущено «litopys serve»?', 0);
    }
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      body = null;
    }
    if (!res.ok) {
      const msg = body && body.error && body.error.message ? body.error.message
        : 'Сервер відповів помилкою ' + res.status + '.';
      throw new ApiError(msg, res.status);
    }
    if (body === null) throw new ApiError('Сервер повернув незрозумілу відповідь.', res.status);
    return body;
  }

  // ---- small helpers ------------------------------------------------------------------

  function h(tag, attrs, ...children) {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') n.className = v;
      else if (k === 'html') n.innerHTML = v; // only for server-escaped HTML
      else if (k === 'text') n.textContent = v;
      else if (k.startsWith('on')) n.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(n.dataset, v);
      else if (k === 'style') Object.assign(n.style, v); // CSSOM: no inline style attribute for CSP
      else n.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      n.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return n;
  }

  function plural(n, one, few, many) {
    const m10 = n % 10;
    const m100 = n % 100;
    if (m10 === 1 && m100 !== 11) return one;
    if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
    return many;
  }

  function articles(n) {
    return fmtNum(n) + ' ' + plural(n, 'стаття', 'статті', 'статей');
  }

  function fmtNum(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  }

  function fmtDate(d) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d || '');
    if (!m) return d || '';
    return parseInt(m[3], 10) + ' ' + MONTHS_GEN[parseInt(m[2], 10) - 1] + ' ' + m[1];
  }

  function fmtMs(ms) {
    if (typeof ms !== 'number') return '';
    return (ms < 10 ? ms.toFixed(1) : Math.round(ms)).toString().replace('.', ',') + ' мс';
  }

  function pad(n) {
    return String(n).padStart(2, '0');
  }

  function isoDay(dt) {
    return dt.getUTCFullYear() + '-' + pad(dt.getUTCMonth() + 1) + '-' + pad(dt.getUTCDate());
  }

  function parseDay(s) {
    const [y, m, d] = s.split('-').map((x) => parseInt(x, 10));
    return new Date(Date.UTC(y, m - 1, d));
  }

  /** Countries by code and by name, as learnt from the API, for the filter chips. */
  const countryNames = new Map();

  function learnCountries(list) {
    for (const c of list || []) {
      if (c.code) countryNames.set(c.code.toUpperCase(), c.name);
    }
  }

  function countryLabel(v) {
    return countryNames.get(v.toUpperCase()) || v;
  }

  /** A facet value as put in the URL: a country's code, a company's name. */
  function facetValue(kind, item) {
    return kind === 'country' && item.code ? item.code : item.name;
  }

  /** Whether `item` is among the active values of a filter (codes and names alike). */
  function isActive(kind, item) {
    const keys = [item.name.toLowerCase()];
    if (item.code) keys.push(item.code.toLowerCase());
    return state[kind].some((v) => keys.includes(v.toLowerCase()));
  }

  function toggleFilter(kind, item) {
    const keys = [item.name.toLowerCase()];
    if (item.code) keys.push(item.code.toLowerCase());
    const kept = state[kind].filter((v) => !keys.includes(v.toLowerCase()));
    const next = kept.length === state[kind].length ? kept.concat([facetValue(kind, item)]) : kept;
    navigate({ [kind]: next });
  }

  // ---- rendering ----------------------------------------------------------------------

  let searchKey = null;
  let timelineKey = null;
  let articleKey = null;
  let searchAbort = null;
  let timelineAbort = null;
  let articleAbort = null;
  let lastSearch = null;
  const facetExpanded = { country: false, company: false };

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
    const tk = filterParams(state).toString();
    if (tk !== timelineKey) {
      timelineKey = tk;
      runTimeline();
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
    const source = state.source.length === 1 ? state.source[0] : '';
    if (source && !Array.from(el.source.options).some((o) => o.value === source)) {
      el.source.append(h('option', { value: source }, source));
    }
    el.source.value = source;
  }

  function renderActiveFilters() {
    const box = el.activeFilters;
    box.textContent = '';
    const chips = [];
    const add = (label, kindLabel, onRemove, testid) => {
      chips.push(h('button', {
        type: 'button',
        class: 'chip chip-active',
        'data-testid': testid,
        'aria-label': 'Прибрати фільтр: ' + kindLabel + ' ' + label,
        title: 'Прибрати фільтр',
        onclick: onRemove,
      }, h('span', { class: 'chip-kind' }, kindLabel), ' ', label, h('span', { class: 'chip-x', 'aria-hidden': 'true' }, '×')));
    };
    for (const v of state.country) {
      add(countryLabel(v), 'країна', () => navigate({ country: state.country.filter((x) => x !== v) }), 'chip-country');
    }
    for (const v of state.company) {
      add(v, 'компанія', () => navigate({ company: state.company.filter((x) => x !== v) }), 'chip-company');
    }
    for (const v of state.source) {
      add(v, 'джерело', () => navigate({ source: state.source.filter((x) => x !== v) }), 'chip-source');
    }
    if (state.from) add(fmtDate(state.from), 'від', () => navigate({ from: '' }), 'chip-from');
    if (state.to) add(fmtDate(state.to), 'до', () => navigate({ to: '' }), 'chip-to');
    if (chips.length) {
      box.append(h('span', { class: 'active-label' }, 'Фільтри:'), ...chips);
      if (chips.length > 1) {
        box.append(h('button', {
          type: 'button',
          id: 'clear-filters',
          class: 'btn btn-link',
          onclick: () => navigate({ country: [], company: [], source: [], from: '', to: '' }),
        }, 'Прибрати всі'));
      }
    }
    box.hidden = chips.length === 0;
  }

  function updateExports() {
    for (const fmt of ['csv', 'jsonl']) {
      const p = filterParams(state);
      p.set('sort', effectiveSort(state));
      const a = fmt === 'csv' ? el.exportCsv : el.exportJsonl;
      a.href = '/api/export?format=' + fmt + '&' + p.toString();
    }
  }

  function showError(err) {
    el.error.textContent = '';
    if (!err) {
      el.error.hidden = true;
      return;
    }
    const lines = String(err.message || err).split('\n');
    const isQuery = err.status === 400;
    el.error.append(
      h('strong', {}, isQuery ? 'Запит не вдалося прочитати. ' : 'Помилка. '),
      h('span', { 'data-testid': 'error-message' }, lines[0]),
    );
    if (lines.length > 1) el.error.append(h('pre', {}, lines.slice(1).join('\n')));
    else if (isQuery) {
      // "… (at character N)": point at it under the query, as the CLI does.
      const at = /at character (\d+)/.exec(lines[0]);
      const q = Array.from(state.q.trim());
      const n = at ? parseInt(at[1], 10) : 0;
      if (n >= 1 && n <= q.length + 1) {
        el.error.append(h('pre', { 'data-testid': 'error-caret' }, q.join('') + '\n' + ' '.repeat(n - 1) + '^'));
      }
    }
    el.error.hidden = false;
  }

  async function runSearch() {
    if (searchAbort) searchAbort.abort();
    const ctrl = new AbortController();
    searchAbort = ctrl;
    const p = filterParams(state);
    p.set('sort', effectiveSort(state));
    p.set('limit', String(PAGE_SIZE));
    p.set('offset', String((state.page - 1) * PAGE_SIZE));
    p.set('facets', String(FACET_LIMIT));
    el.results.setAttribute('aria-busy', 'true');
    document.body.classList.add('loading');
    try {
      const data = await api('/api/search', p, ctrl.signal);
      if (ctrl.signal.aborted) return;
      lastSearch = data;
      showError(null);
      renderResults(data);
      renderFacets(data.facets || {});
      renderActiveFilters(); // country names may be known now
    } catch (e) {
      if (e.name === 'AbortError') return;
      lastSearch = null;
      showError(e);
      el.results.textContent = '';
      el.summary.textContent = '';
      el.pager.hidden = true;
      renderFacets({});
    } finally {
      if (searchAbort === ctrl) {
        el.results.setAttribute('aria-busy', 'false');
        document.body.classList.remove('loading');
      }
    }
  }

  function renderResults(data) {
    const hits = data.hits || [];
    for (const hit of hits) learnCountries(hit.countries);
    const total = data.total || 0;
    const first = (state.page - 1) * PAGE_SIZE;
    el.summary.textContent = '';
    if (total === 0) {
      el.summary.append(h('span', { class: 'summary-total', 'data-testid': 'total', 'data-total': '0' }, 'Нічого не знайдено'));
    } else {
      el.summary.append(
        h('span', { class: 'summary-total', 'data-testid': 'total', 'data-total': String(total) },
          (state.q.trim() || hasFilters() ? 'Знайдено ' : 'В архіві ') + articles(total)),
      );
    }
    if (typeof data.took_ms === 'number') {
      el.summary.append(h('span', { class: 'muted' }, ' · ' + fmtMs(data.took_ms)));
    }

    el.results.textContent = '';
    if (total === 0) {
      el.results.append(h('li', { class: 'empty' },
        h('p', {}, state.q.trim() ? 'За цим запитом статей немає.' : 'Немає статей.'),
        h('p', { class: 'muted' }, hasFilters() ? 'Спробуйте прибрати частину фільтрів або розширити дати.'
          : 'Спробуйте інші слова або OR між ними; довідка — кнопка «?» біля поля пошуку.')));
    }
    hits.forEach((hit, i) => el.results.append(renderHit(hit, first + i + 1)));

    const last = Math.min(first + hits.length, total);
    el.pager.hidden = total <= PAGE_SIZE && state.page === 1;
    el.pageInfo.textContent = hits.length ? (first + 1) + '–' + last + ' з ' + fmtNum(total)
      : 'немає результатів на цій сторінці';
    el.prev.disabled = state.page <= 1;
    el.next.disabled = first + hits.length >= total;
  }

  function hasFilters() {
    return state.country.length || state.company.length || state.source.length || state.from || state.to;
  }

  function renderHit(hit, rank) {
    const href = urlOf(Object.assign({}, state, { article: hit.id }));
    const open = (ev) => {
      if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      lastFocus = ev.currentTarget;
      navigate({ article: hit.id, page: state.page }, { resetPage: false });
    };
    const meta = h('p', { class: 'hit-meta' });
    if (hit.date) meta.append(h('time', { datetime: hit.date }, fmtDate(hit.date)));
    else meta.append(h('span', { class: 'muted' }, 'без дати'));
    if (hit.source) {
      meta.append(h('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
        h('button', {
          type: 'button',
          class: 'link-button source',
          title: 'Лише статті з цього джерела',
          onclick: () => { if (!state.source.includes(hit.source)) navigate({ source: state.source.concat([hit.source]) }); },
        }, hit.source));
    }
    if (hit.url) {
      meta.append(h('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
        h('a', { href: hit.url, target: '_blank', rel: 'noopener noreferrer', class: 'ext' }, 'оригінал ↗'));
    }
    const title = hit.title_html || escapeHtml(hit.title || hit.id);
    return h('li', { class: 'hit card', 'data-testid': 'hit', 'data-id': hit.id },
      h('h2', { class: 'hit-title' },
        h('span', { class: 'rank', 'aria-hidden': 'true' }, rank + '.'),
        h('a', { href, class: 'hit-link', onclick: open, html: title })),
      meta,
      (hit.snippets || []).map((s) => h('p', { class: 'snippet', html: s.html })),
      entityChips(hit),
    );
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  function entityChips(doc) {
    const items = [];
    for (const c of doc.countries || []) {
      items.push(entityChip('country', c));
    }
    for (const c of doc.companies || []) {
      items.push(entityChip('company', c));
    }
    if (!items.length) return null;
    return h('ul', { class: 'chips', 'aria-label': 'Країни й компанії статті' }, items.map((c) => h('li', {}, c)));
  }

  function entityChip(kind, item) {
    const active = isActive(kind, item);
    return h('button', {
      type: 'button',
      class: 'chip chip-' + kind + (active ? ' is-active' : ''),
      'aria-pressed': active ? 'true' : 'false',
      title: active ? 'Прибрати фільтр' : (kind === 'country' ? 'Лише статті про цю країну' : 'Лише статті про цю компанію'),
      onclick: () => toggleFilter(kind, item), // also closes an open article
    }, kind === 'country' && item.code ? h('span', { class: 'code' }, item.code) : null, item.name);
  }

  function renderFacets(facets) {
    for (const kind of ['country', 'company']) {
      const list = facets[kind] || [];
      learnCountries(kind === 'country' ? list : []);
      const ul = kind === 'country' ? el.facetCountry : el.facetCompany;
      const more = ul.parentElement.querySelector('.facet-more');
      ul.textContent = '';
      const max = list.reduce((m, it) => Math.max(m, it.count), 0) || 1;
      const shown = facetExpanded[kind] ? list : list.slice(0, FACET_SHOWN);
      // Active values stay in view even when they fall below the cut.
      for (const it of list.slice(shown.length)) if (isActive(kind, it)) shown.push(it);
      for (const it of shown) {
        const active = isActive(kind, it);
        const label = it.name + (it.code ? ' (' + it.code + ')' : '');
        ul.append(h('li', { 'data-name': it.name, 'data-code': it.code || null, 'data-count': String(it.count), class: active ? 'is-active' : null },
          h('button', {
            type: 'button',
            class: 'facet-item',
            'aria-pressed': active ? 'true' : 'false',
            'aria-label': label + ': ' + articles(it.count) + (active ? ' (фільтр увімкнено, клацніть, щоб прибрати)' : ''),
            onclick: () => toggleFilter(kind, it),
          },
          h('span', { class: 'facet-bar', style: { width: Math.max(3, Math.round((it.count / max) * 100)) + '%' }, 'aria-hidden': 'true' }),
          h('span', { class: 'facet-check', 'aria-hidden': 'true' }, active ? '✓' : ''),
          h('span', { class: 'facet-name' }, it.name, it.code ? h('span', { class: 'code' }, it.code) : null),
          h('span', { class: 'facet-count' }, fmtNum(it.count)))));
      }
      if (!list.length) ul.append(h('li', { class: 'facet-empty muted' }, lastSearch ? 'немає' : '—'));
      const summary = document.querySelector('.facet-summary[data-kind="' + kind + '"]');
      const activeCount = state[kind].length;
      summary.textContent = activeCount ? 'вибрано: ' + activeCount : '';
      if (list.length > FACET_SHOWN) {
        more.hidden = false;
        more.textContent = facetExpanded[kind] ? 'Згорнути' : 'Показати всі (' + list.length + ')';
        more.setAttribute('aria-expanded', facetExpanded[kind] ? 'true' : 'false');
      } else {
        more.hidden = true;
      }
    }
  }

  // ---- timeline -------------------------------------------------------------------------

  let lastTimeline = null;

  async function runTimeline() {
    if (timelineAbort) timelineAbort.abort();
    const ctrl = new AbortController();
    timelineAbort = ctrl;
    try {
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
    if (data.undated) notes.push(articles(data.undated) + ' без дати');
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
    svg.setAttribute('aria-label', 'Кількість статей ' + unit + ': від ' + bucketLabel(by, buckets[0]) + ' до '
      + bucketLabel(by, buckets[buckets.length - 1]) + ', найбільше ' + articles(max) + ' за період');
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
        'aria-label': bucketLabel(by, b) + ': ' + articles(b.count),
      }, bars);
      const title = s('title', {}, g);
      title.textContent = bucketLabel(by, b) + ': ' + articles(b.count);
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
    tip.append(h('strong', {}, bucketLabel(by, b)), h('br'), articles(b.count));
    tip.hidden = false;
    const tw = tip.offsetWidth;
    const left = Math.min(Math.max(0, x - tw / 2), width - tw);
    tip.style.left = (el.timelineChart.offsetLeft + left) + 'px';
    tip.style.top = (el.timelineChart.offsetTop + Math.max(0, y - tip.offsetHeight - 8)) + 'px';
  }

  // ---- article ---------------------------------------------------------------------------

  let lastFocus = null;
  let markIndex = -1;

  function renderArticle() {
    if (!state.article) {
      articleKey = null;
      if (articleAbort) articleAbort.abort();
      if (el.article.open) el.article.close();
      return;
    }
    const key = state.article + '\u0000' + state.q.trim();
    if (!el.article.open) {
      el.article.showModal();
      document.body.classList.add('has-dialog');
    }
    if (key === articleKey) return;
    articleKey = key;
    loadArticle();
  }

  async function loadArticle() {
    if (articleAbort) articleAbort.abort();
    const ctrl = new AbortController();
    articleAbort = ctrl;
    el.articleTitle.textContent = 'Завантаження…';
    el.articleMeta.textContent = '';
    el.articleText.textContent = '';
    el.articleEntities.textContent = '';
    el.articleMarks.textContent = '';
    el.article.setAttribute('aria-busy', 'true');
    const p = new URLSearchParams();
    if (state.q.trim()) p.set('q', state.q.trim());
    try {
      const a = await api('/api/articles/' + encodeURIComponent(state.article), p, ctrl.signal);
      if (ctrl.signal.aborted) return;
      learnCountries(a.countries);
      el.articleTitle.innerHTML = a.title_html || escapeHtml(a.title || a.id);
      el.articleMeta.textContent = '';
      if (a.date) el.articleMeta.append(h('time', { datetime: a.date }, fmtDate(a.date)));
      else el.articleMeta.append(h('span', {}, 'без дати'));
      if (a.source) el.articleMeta.append(h('span', { class: 'sep', 'aria-hidden': 'true' }, '·'), h('span', {}, a.source));
      if (a.url) {
        el.articleMeta.append(h('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
          h('a', { href: a.url, target: '_blank', rel: 'noopener noreferrer' }, 'оригінал ↗'));
      }
      el.articleMeta.append(h('span', { class: 'sep', 'aria-hidden': 'true' }, '·'), h('span', { class: 'muted id' }, a.id));
      const paras = String(a.html || '').split('\n').filter((x) => x.trim());
      for (const para of paras) el.articleText.append(h('p', { html: para }));
      const chips = entityChips(a);
      if (chips) el.articleEntities.append(h('h2', { class: 'entities-title' }, 'У статті згадано'), chips);
      const marks = el.articleText.querySelectorAll('mark').length + el.articleTitle.querySelectorAll('mark').length;
      el.articleMarks.textContent = state.q.trim() ? (marks ? 'Збігів: ' + marks : 'Збігів у тексті немає') : '';
      el.markPrev.hidden = el.markNext.hidden = marks === 0;
      markIndex = -1;
      el.articleBody.scrollTop = 0;
      el.article.scrollTop = 0;
      el.articleBody.focus({ preventScroll: true });
      if (el.articleText.querySelector('mark')) jumpMark(1);
    } catch (e) {
      if (e.name === 'AbortError') return;
      el.articleTitle.textContent = e.status === 404 ? 'Статтю не знайдено' : 'Статтю не вдалося відкрити';
      el.articleText.append(h('p', { class: 'error', role: 'alert' }, e.message));
      el.markPrev.hidden = el.markNext.hidden = true;
    } finally {
      if (articleAbort === ctrl) el.article.setAttribute('aria-busy', 'false');
    }
  }

  function jumpMark(dir) {
    const marks = Array.from(el.articleText.querySelectorAll('mark'));
    if (!marks.length) return;
    marks.forEach((mk) => mk.classList.remove('is-current'));
    markIndex = (markIndex + dir + marks.length) % marks.length;
    const mk = marks[markIndex];
    mk.classList.add('is-current');
    mk.scrollIntoView({ block: 'center' });
    el.articleMarks.textContent = 'Збіг ' + (markIndex + 1) + ' з ' + marks.length;
  }

  function closeArticle() {
    if (!state.article) return;
    // Back in history when we came from the list, so that Back/Forward stay natural.
    const prev = Object.assign({}, state, { article: '' });
    if (history.state && history.state.fromList) history.back();
    else navigate(prev, { resetPage: false });
  }

  // ---- stats (footer, source list) ---------------------------------------------------------

  async function loadStats() {
    try {
      const st = await api('/api/stats');
      const parts = [];
      if (typeof st.articles === 'number') parts.push('В архіві ' + articles(st.articles));
      if (st.dates && st.dates.first && st.dates.last) {
        parts.push('від ' + fmtDate(st.dates.first) + ' до ' + fmtDate(st.dates.last));
      }
      const top = st.sources && Array.isArray(st.sources.top) ? st.sources.top : [];
      if (st.sources && typeof st.sources.distinct === 'number') {
        parts.push(st.sources.distinct + ' ' + plural(st.sources.distinct, 'джерело', 'джерела', 'джерел'));
      }
      el.stats.textContent = parts.join(' · ');
      if (top.length) {
        for (const s of top) {
          const name = s.source || s.name;
          if (!name) continue;
          const known = Array.from(el.source.options).find((o) => o.value === name);
          const label = name + ' (' + fmtNum(s.articles || s.count || 0) + ')';
          if (known) known.textContent = label;
          else el.source.append(h('option', { value: name }, label));
        }
        el.sourceField.hidden = false;
        syncControls();
      }
    } catch (e) {
      // The footer is a nicety; the search shows real errors.
    }
  }

  // ---- wiring --------------------------------------------------------------------------

  function init() {
    Object.assign(el, {
      q: $('#q'),
      form: $('#search-form'),
      helpToggle: $('#help-toggle'),
      help: $('#help'),
      helpClose: $('#help-close'),
      from: $('#from'),
      to: $('#to'),
      sort: $('#sort'),
      source: $('#source'),
      sourceField: $('#source-field'),
      exportCsv: $('#export-csv'),
      exportJsonl: $('#export-jsonl'),
      activeFilters: $('#active-filters'),
      error: $('#error'),
      summary: $('#summary'),
      timeline: $('#timeline'),
      timelineChart: $('#timeline-chart'),
      timelineNote: $('#timeline-note'),
      timelineTip: $('#timeline-tip'),
      results: $('#results'),
      pager: $('#pager'),
      prev: $('#prev'),
      next: $('#next'),
      pageInfo: $('#page-info'),
      facetCountry: $('#facet-country'),
      facetCompany: $('#facet-company'),
      stats: $('#stats'),
      article: $('#article'),
      articleClose: $('#article-close'),
      articleBody: $('#article-body'),
      articleTitle: $('#article-title'),
      articleMeta: $('#article-meta'),
      articleText: $('#article-text'),
      articleEntities: $('#article-entities'),
      articleMarks: $('#article-marks'),
      markPrev: $('#mark-prev'),
      markNext: $('#mark-next'),
    });

    el.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const q = el.q.value.trim();
      if (q === state.q.trim() && state.page === 1 && !state.article) {
        searchKey = null; // the same query again: refresh
        timelineKey = null;
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
    el.source.addEventListener('change', () => navigate({ source: el.source.value ? [el.source.value] : [] }));
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
      btn.addEventListener('click', () => {
        facetExpanded[btn.dataset.kind] = !facetExpanded[btn.dataset.kind];
        if (lastSearch) renderFacets(lastSearch.facets || {});
      });
    }
    $('#home').addEventListener('click', (ev) => {
      ev.preventDefault();
      navigate({ q: '', country: [], company: [], source: [], from: '', to: '', sort: '' });
    });
    el.articleClose.addEventListener('click', closeArticle);
    el.article.addEventListener('cancel', (ev) => {
      ev.preventDefault(); // Esc: close through history, like the button
      closeArticle();
    });
    el.article.addEventListener('click', (ev) => {
      if (ev.target === el.article) closeArticle(); // the backdrop
    });
    el.article.addEventListener('close', () => {
      document.body.classList.remove('has-dialog');
      if (lastFocus && document.body.contains(lastFocus)) lastFocus.focus({ preventScroll: true });
    });
    el.markPrev.addEventListener('click', () => jumpMark(-1));
    el.markNext.addEventListener('click', () => jumpMark(1));
    document.addEventListener('keydown', (ev) => {
      if (ev.key === '/' && !el.article.open && !/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName)) {
        ev.preventDefault();
        el.q.focus();
        el.q.select();
      }
    });
    window.addEventListener('popstate', () => {
      state = readUrl();
      render();
    });
    let resizeTimer = null;
    window.addEventListener('resize', () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => { if (lastTimeline) drawTimeline(lastTimeline); }, 120);
    });

    // Narrow screens: the facets start folded, so that the results come first in view.
    if (window.matchMedia('(max-width: 900px)').matches) {
      for (const d of document.querySelectorAll('details.facet')) d.open = false;
    }

    render();
    loadStats();
    if (!state.article) el.q.focus({ preventScroll: true });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}());
