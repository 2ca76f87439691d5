// The page's DOM: the elements the code works with (`el`, filled once by `bindElements`)
// and `h`, a small element builder.

export const $ = (sel) => document.querySelector(sel);

/** The page's elements by role, e.g. `el.q` for the search box. */
export const el = {};

export function bindElements() {
  Object.assign(el, {
    q: $('#q'),
    form: $('#search-form'),
    helpToggle: $('#help-toggle'),
    help: $('#help'),
    helpClose: $('#help-close'),
    from: $('#from'),
    to: $('#to'),
    sort: $('#sort'),
    collapse: $('#collapse'),
    exportCsv: $('#export-csv'),
    exportJsonl: $('#export-jsonl'),
    activeFilters: $('#active-filters'),
    error: $('#error'),
    summary: $('#summary'),
    timeline: $('#timeline'),
    timelineChart: $('#timeline-chart'),
    timelineNote: $('#timeline-note'),
    timelineTip: $('#timeline-tip'),
    map: $('#map-box'),
    mapChart: $('#map-chart'),
    mapNote: $('#map-note'),
    mapLegend: $('#map-legend'),
    mapZoom: $('#map-zoom'),
    mapMissing: $('#map-missing'),
    mapTip: $('#map-tip'),
    compareForm: $('#compare-form'),
    compareQ: $('#compare-q'),
    share: $('#share'),
    countStories: $('#count-stories'),
    legend: $('#timeline-legend'),
    results: $('#results'),
    pager: $('#pager'),
    prev: $('#prev'),
    next: $('#next'),
    pageInfo: $('#page-info'),
    facetCountry: $('#facet-country'),
    facetCompany: $('#facet-company'),
    facetPerson: $('#facet-person'),
    facetOrganisation: $('#facet-organisation'),
    facetSource: $('#facet-source'),
    terms: $('#terms'),
    cooccur: $('#cooccur'),
    cooccurBox: $('#cooccur-box'),
    cooccurTitle: $('#cooccur-title'),
    cooccurNote: $('#cooccur-note'),
    termsBox: $('#terms-box'),
    termsNote: $('#terms-note'),
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
}

/** `h('p', { class: 'x', onclick: f }, 'text', child…)`: an element with attributes,
 *  listeners and children. */
export function h(tag, attrs, ...children) {
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
