// The country, company, person, organisation and source facets beside the results (counted over the whole
// result set): counts, bars, "show all".

import { el, h } from './dom.js';
import { fmtNum } from './format.js';
import { isActive, learnCountries, toggleFilter } from './filters.js';
import { counted, state } from './state.js';

const FACET_SHOWN = 10; // shown before "more"

/** The facets of the last search that answered, or null (none yet, or an error). */
let current = null;
const facetExpanded = { country: false, company: false, person: false, organisation: false, source: false };
const LISTS = {
  country: () => el.facetCountry,
  company: () => el.facetCompany,
  person: () => el.facetPerson,
  organisation: () => el.facetOrganisation,
  source: () => el.facetSource,
};

/** Shows `facets` (null after a failed search) and remembers them for "more". */
export function showFacets(facets) {
  current = facets;
  renderFacets(facets || {});
}

/** "Show all" / "fold": the facet of `kind` is redrawn from the last search. */
export function toggleExpanded(kind) {
  facetExpanded[kind] = !facetExpanded[kind];
  if (current) renderFacets(current);
}

function renderFacets(facets) {
  for (const kind of Object.keys(LISTS)) {
    const list = facets[kind] || [];
    learnCountries(kind === 'country' ? list : []);
    const ul = LISTS[kind]();
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
          'aria-label': label + ': ' + counted(it.count) + (active ? ' (фільтр увімкнено, клацніть, щоб прибрати)' : ''),
          onclick: () => toggleFilter(kind, it),
        },
        h('span', { class: 'facet-bar', style: { width: Math.max(3, Math.round((it.count / max) * 100)) + '%' }, 'aria-hidden': 'true' }),
        h('span', { class: 'facet-check', 'aria-hidden': 'true' }, active ? '✓' : ''),
        h('span', { class: 'facet-name' }, it.name, it.code ? h('span', { class: 'code' }, it.code) : null),
        h('span', { class: 'facet-count' }, fmtNum(it.count)))));
    }
    if (!list.length) ul.append(h('li', { class: 'facet-empty muted' }, current ? 'немає' : '—'));
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
