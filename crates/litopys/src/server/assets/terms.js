// "What characterises these results": the significant words and entities of the current
// result set (/api/terms), a click adds a word to the query or an entity to the filters.

import { api } from './api.js';
import { el, h } from './dom.js';
import { fmtNum } from './format.js';
import { toggleFilter } from './filters.js';
import { filterParams, navigate, state } from './state.js';

const TERMS_SHOWN = 15;

let termsAbort = null;

/** Asks for the significant terms of the current view (none without a query). */
export async function runTerms() {
  if (termsAbort) termsAbort.abort();
  el.terms.textContent = '';
  if (!state.q.trim()) {
    el.termsBox.hidden = true;
    return;
  }
  const ctrl = new AbortController();
  termsAbort = ctrl;
  const p = filterParams(state);
  p.set('limit', String(TERMS_SHOWN));
  try {
    const data = await api('/api/terms', p, ctrl.signal);
    if (ctrl.signal.aborted) return;
    renderTerms(data);
  } catch (e) {
    if (!ctrl.signal.aborted) el.termsBox.hidden = true;
  }
}

function renderTerms(data) {
  el.terms.textContent = '';
  el.termsBox.hidden = false;
  const note = data.sample < data.total ? ' (найкращі ' + fmtNum(data.sample) + ')' : '';
  el.termsNote.textContent = 'у ' + fmtNum(data.sample) + note + ' проти ' + fmtNum(data.background);
  if (!data.terms.length) {
    el.terms.append(h('li', { class: 'facet-empty muted' }, 'немає'));
    return;
  }
  for (const t of data.terms) {
    const entity = t.kind !== 'word';
    const label = t.term + (entity ? (t.kind === 'country' ? ' · країна' : ' · компанія') : '');
    const title = t.foreground + ' з ' + data.sample + ' у результатах, ' + t.background + ' з ' + data.background + ' в архіві';
    el.terms.append(h('li', { 'data-term': t.term, 'data-kind': t.kind },
      h('button', {
        type: 'button',
        class: 'term-item' + (entity ? ' term-entity' : ''),
        title,
        'aria-label': label + ': ' + title + (entity ? ', клацніть, щоб додати фільтр' : ', клацніть, щоб додати до запиту'),
        onclick: () => {
          if (t.kind === 'word') navigate({ q: (state.q.trim() + ' ' + t.term).trim() });
          else {
            const code = t.kind === 'country' && t.key.includes('|') ? t.key.split('|')[0] : null;
            toggleFilter(t.kind, { name: t.term, code });
          }
        },
      }, label)));
  }
}
