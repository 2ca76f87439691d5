// The filters on countries, companies, persons, organisations, sources and dates: country names learnt from the
// API, toggling a value, the entity chips of an article and the active-filter chips.

import { el, h } from './dom.js';
import { fmtDate } from './format.js';
import { navigate, state } from './state.js';

/** Countries by code and by name, as learnt from the API, for the filter chips. */
const countryNames = new Map();

export function learnCountries(list) {
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
export function isActive(kind, item) {
  const keys = [item.name.toLowerCase()];
  if (item.code) keys.push(item.code.toLowerCase());
  return state[kind].some((v) => keys.includes(v.toLowerCase()));
}

export function toggleFilter(kind, item) {
  const keys = [item.name.toLowerCase()];
  if (item.code) keys.push(item.code.toLowerCase());
  const kept = state[kind].filter((v) => !keys.includes(v.toLowerCase()));
  const next = kept.length === state[kind].length ? kept.concat([facetValue(kind, item)]) : kept;
  navigate({ [kind]: next });
}

/** What a chip of each kind offers, and the kind's name on an active-filter chip. */
const KIND_TITLES = {
  country: ['Лише статті про цю країну', 'країна'],
  company: ['Лише статті про цю компанію', 'компанія'],
  person: ['Лише статті, що називають цю людину', 'особа'],
  organisation: ['Лише статті про цю організацію', 'організація'],
  source: ['Лише статті цього джерела', 'джерело'],
};

/** The countries, companies, persons and organisations of an article (or hit) as chips
 *  that toggle filters. */
export function entityChips(doc) {
  const items = [];
  for (const [kind, key] of [['country', 'countries'], ['company', 'companies'], ['person', 'persons'], ['organisation', 'organisations']]) {
    for (const c of doc[key] || []) items.push(entityChip(kind, c));
  }
  if (!items.length) return null;
  return h('ul', { class: 'chips', 'aria-label': 'Країни, компанії, особи й організації статті' }, items.map((c) => h('li', {}, c)));
}

function entityChip(kind, item) {
  const active = isActive(kind, item);
  return h('button', {
    type: 'button',
    class: 'chip chip-' + kind + (active ? ' is-active' : ''),
    'aria-pressed': active ? 'true' : 'false',
    title: active ? 'Прибрати фільтр' : KIND_TITLES[kind][0],
    onclick: () => toggleFilter(kind, item), // also closes an open article
  }, kind === 'country' && item.code ? h('span', { class: 'code' }, item.code) : null, item.name);
}

/** The active filters as chips above the results; a chip removes its filter. */
export function renderActiveFilters() {
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
  for (const kind of ['company', 'person', 'organisation', 'source']) {
    for (const v of state[kind]) {
      add(v, KIND_TITLES[kind][1], () => navigate({ [kind]: state[kind].filter((x) => x !== v) }), 'chip-' + kind);
    }
  }
  if (state.from) add(fmtDate(state.from), 'від', () => navigate({ from: '' }), 'chip-from');
  if (state.to) add(fmtDate(state.to), 'до', () => navigate({ to: '' }), 'chip-to');
  if (state.story) add(state.story.slice(0, 8), 'сюжет', () => navigate({ story: '' }), 'chip-story');
  if (chips.length) {
    box.append(h('span', { class: 'active-label' }, 'Фільтри:'), ...chips);
    if (chips.length > 1) {
      box.append(h('button', {
        type: 'button',
        id: 'clear-filters',
        class: 'btn btn-link',
        onclick: () => navigate({ country: [], company: [], person: [], organisation: [], source: [], from: '', to: '', story: '' }),
      }, 'Прибрати всі'));
    }
  }
  box.hidden = chips.length === 0;
}
