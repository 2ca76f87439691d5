import { articles, stories } from './format.js';

// The view's state and the URL: the whole view lives in the URL (q, filters, dates,
// sort, page, open article, the timeline's compared queries and shares, one hit per
// story or one story's articles), kept in step with history.pushState / popstate, so that
// reloading or sharing a URL restores it.

/** The filters the facets and chips set, in the API's names. */
export const ENTITY_KINDS = ['country', 'company', 'person', 'organisation', 'source'];

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
    person: list('person'),
    organisation: list('organisation'),
    source: list('source'),
    from: validDate(p.get('from')),
    to: validDate(p.get('to')),
    sort: ['relevance', 'date'].includes(p.get('sort')) ? p.get('sort') : '',
    page: Number.isFinite(page) && page > 1 ? page : 1,
    article: p.get('article') || '',
    vs: list('vs').slice(0, 4),
    share: p.get('share') === '1',
    collapse: p.get('collapse') === '1',
    count: p.get('count') === 'stories' ? 'stories' : '',
    story: /^[0-9a-f]{16}$/.test(p.get('story') || '') ? p.get('story') : '',
  };
}

export function validDate(v) {
  return v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : '';
}

/** The query string of a state (for the page's own URL). */
export function stateQuery(s) {
  const p = filterParams(s);
  if (s.sort) p.set('sort', s.sort);
  if (s.page > 1) p.set('page', String(s.page));
  if (s.article) p.set('article', s.article);
  for (const v of s.vs) p.append('vs', v);
  if (s.share) p.set('share', '1');
  if (s.collapse) p.set('collapse', '1');
  return p;
}

/** What the timeline draws: the filters, the compared queries and whether as shares. */
export function timelineParams(s) {
  const p = filterParams(s);
  for (const v of s.vs) p.append('vs', v);
  if (s.share) p.set('share', '1');
  return p;
}

/** q and the filters, in the API's names. */
export function filterParams(s) {
  const p = new URLSearchParams();
  if (s.q.trim()) p.set('q', s.q.trim());
  for (const k of ENTITY_KINDS) for (const v of s[k]) p.append(k, v);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  if (s.story) p.set('story', s.story);
  if (s.count) p.set('count', s.count);
  return p;
}

/** What the chart, the facets and the map count, in words: «3 статті» or, with the
 *  view counting stories, «3 сюжети». */
export function counted(n) {
  return state.count === 'stories' ? stories(n) : articles(n);
}

export function effectiveSort(s) {
  return s.sort || (s.q.trim() ? 'relevance' : 'date');
}

export function urlOf(s) {
  const qs = stateQuery(s).toString();
  return location.pathname + (qs ? '?' + qs : '');
}

/** The current view. Reassigned only here (`navigate`, `reloadFromUrl`). */
export let state = readUrl();

/** Draws the page for `state`; set once by the wiring (`onNavigate`). */
let render = () => {};

export function onNavigate(fn) {
  render = fn;
}

/** Back to the state in the URL (after popstate). */
export function reloadFromUrl() {
  state = readUrl();
}

/** Moves to a new view: changes merged into the state, a history entry, a render. */
export function navigate(changes, opts) {
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
