// The article dialog: the whole text with the matches marked, the way between marks,
// and closing it through history.

import { api } from './api.js';
import { el, h } from './dom.js';
import { escapeHtml, fmtDate } from './format.js';
import { entityChips, learnCountries } from './filters.js';
import { navigate, state } from './state.js';

let articleKey = null;
let articleAbort = null;
let lastFocus = null;
let markIndex = -1;

/** The element to focus again when the dialog closes (the hit's link). */
export function setLastFocus(node) {
  lastFocus = node;
}

/** Opens, loads or closes the dialog as `state.article` says. */
export function renderArticle() {
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

/** The dialog's own controls: close (button, Esc, backdrop) and the marks' arrows. */
export function bindArticle() {
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
}

function closeArticle() {
  if (!state.article) return;
  // Back in history when we came from the list, so that Back/Forward stay natural.
  const prev = Object.assign({}, state, { article: '' });
  if (history.state && history.state.fromList) history.back();
  else navigate(prev, { resetPage: false });
}
