// The search: the request for the current view, the hits, the summary, the pager and
// the error box.

import { api } from './api.js';
import { setLastFocus } from './article.js';
import { el, h } from './dom.js';
import { articles, escapeHtml, fmtDate, fmtMs, fmtNum, plural } from './format.js';
import { showFacets } from './facets.js';
import { entityChips, learnCountries, renderActiveFilters } from './filters.js';
import { effectiveSort, filterParams, navigate, state, urlOf } from './state.js';

const PAGE_SIZE = 10;
const FACET_LIMIT = 25; // values asked for per facet

let searchAbort = null;

/** Shows the error of the last request (an `ApiError`), or hides the box (null). */
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

/** Asks for the hits, facets and total of the current view and shows them. */
export async function runSearch() {
  if (searchAbort) searchAbort.abort();
  const ctrl = new AbortController();
  searchAbort = ctrl;
  const p = filterParams(state);
  p.set('sort', effectiveSort(state));
  p.set('limit', String(PAGE_SIZE));
  p.set('offset', String((state.page - 1) * PAGE_SIZE));
  p.set('facets', String(FACET_LIMIT));
  if (state.collapse && !state.story) p.set('collapse', '1');
  el.results.setAttribute('aria-busy', 'true');
  document.body.classList.add('loading');
  try {
    const data = await api('/api/search', p, ctrl.signal);
    if (ctrl.signal.aborted) return;
    showError(null);
    renderResults(data);
    showFacets(data.facets || {});
    renderActiveFilters(); // country names may be known now
  } catch (e) {
    if (e.name === 'AbortError') return;
    showError(e);
    el.results.textContent = '';
    el.summary.textContent = '';
    el.pager.hidden = true;
    showFacets(null);
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
  // Collapsed, the pages are of stories.
  const rows = typeof data.stories === 'number' ? data.stories : total;
  const first = (state.page - 1) * PAGE_SIZE;
  el.summary.textContent = '';
  if (total === 0) {
    el.summary.append(h('span', { class: 'summary-total', 'data-testid': 'total', 'data-total': '0' }, 'Нічого не знайдено'));
  } else {
    el.summary.append(
      h('span', { class: 'summary-total', 'data-testid': 'total', 'data-total': String(total) },
        (state.q.trim() || hasFilters() ? 'Знайдено ' : 'В архіві ') + articles(total)),
    );
    if (rows !== total) {
      el.summary.append(h('span', { 'data-testid': 'stories', 'data-stories': String(rows) },
        ' у ' + fmtNum(rows) + ' ' + plural(rows, 'сюжеті', 'сюжетах', 'сюжетах')));
    }
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

  const last = Math.min(first + hits.length, rows);
  el.pager.hidden = rows <= PAGE_SIZE && state.page === 1;
  el.pageInfo.textContent = hits.length ? (first + 1) + '–' + last + ' з ' + fmtNum(rows)
    : 'немає результатів на цій сторінці';
  el.prev.disabled = state.page <= 1;
  el.next.disabled = first + hits.length >= rows;
}

function hasFilters() {
  return state.country.length || state.company.length || state.person.length || state.organisation.length || state.source.length || state.from || state.to
    || state.story;
}

function renderHit(hit, rank) {
  const href = urlOf(Object.assign({}, state, { article: hit.id }));
  const open = (ev) => {
    if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    setLastFocus(ev.currentTarget);
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
    storyMore(hit),
  );
}

/** "and N more of this story", a button listing them (the `story` filter); nothing for a
 *  story of one article. */
function storyMore(hit) {
  const n = (hit.story_articles || 1) - 1;
  if (n < 1 || !hit.story) return null;
  return h('p', { class: 'story-more' }, h('button', {
    type: 'button',
    class: 'link-button',
    'data-testid': 'story-more',
    'data-story': hit.story,
    onclick: () => navigate({ story: hit.story }),
  }, 'і ще ' + articles(n) + ' цього сюжету'));
}
