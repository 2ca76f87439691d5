// "What goes with it": with a country or company picked in the filters, the companies
// (or, for a picked company, the countries) most often named together with it in the
// current results (/api/cooccurrence), with how much more often than in the results at
// large; a click adds the value to the filters.

import { api } from './api.js';
import { el, h } from './dom.js';
import { fmtNum } from './format.js';
import { toggleFilter } from './filters.js';
import { filterParams, state } from './state.js';

const SHOWN = 10;

let abort = null;

/** What to count beside the picked entities: companies beside a country, countries
 *  beside companies only. */
function kindFor(s) {
  return s.country.length ? 'company' : 'country';
}

/** Asks for what goes with the picked entities (nothing without one). */
export async function runCooccur() {
  if (abort) abort.abort();
  if (!state.country.length && !state.company.length) {
    el.cooccurBox.hidden = true;
    return;
  }
  const ctrl = new AbortController();
  abort = ctrl;
  const kind = kindFor(state);
  const p = filterParams(state);
  p.set('kind', kind);
  p.set('limit', String(SHOWN));
  try {
    const data = await api('/api/cooccurrence', p, ctrl.signal);
    if (ctrl.signal.aborted) return;
    render(data, kind);
  } catch (e) {
    if (!ctrl.signal.aborted) el.cooccurBox.hidden = true;
  }
}

function render(data, kind) {
  el.cooccur.textContent = '';
  el.cooccurBox.hidden = false;
  const picked = data.with.map((v) => '«' + (v.includes('|') ? v.split('|')[1] : v) + '»').join(' + ');
  el.cooccurTitle.textContent = (kind === 'company' ? 'Компанії' : 'Країни') + ' разом із ' + picked;
  el.cooccurNote.textContent = 'у ' + fmtNum(data.with_count) + ' з ' + fmtNum(data.results);
  if (!data.pairs.length) {
    el.cooccur.append(h('li', { class: 'facet-empty muted' }, 'немає'));
    return;
  }
  for (const p of data.pairs) {
    const title = p.together + ' разом, ' + p.in_results + ' у всіх результатах; у '
      + p.lift.toFixed(2).replace('.', ',') + ' раза частіше, ніж загалом';
    el.cooccur.append(h('li', { 'data-testid': 'cooccur-item', 'data-name': p.name },
      h('button', {
        type: 'button',
        class: 'term-item',
        title,
        'aria-label': p.name + ': ' + title + ', клацніть, щоб додати фільтр',
        onclick: () => toggleFilter(kind, { name: p.name, code: p.code || null }),
      }, p.name + ' · ' + fmtNum(p.together) + ' · ×' + p.lift.toFixed(1).replace('.', ','))));
  }
}
