// Formatting for people (Ukrainian numbers, plurals, dates, durations) and day
// arithmetic in UTC.

const MONTHS_GEN = ['січня', 'лютого', 'березня', 'квітня', 'травня', 'червня', 'липня',
  'серпня', 'вересня', 'жовтня', 'листопада', 'грудня'];

export function plural(n, one, few, many) {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}

export function articles(n) {
  return fmtNum(n) + ' ' + plural(n, 'стаття', 'статті', 'статей');
}

export function stories(n) {
  return fmtNum(n) + ' ' + plural(n, 'сюжет', 'сюжети', 'сюжетів');
}

export function fmtNum(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

export function fmtDate(d) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d || '');
  if (!m) return d || '';
  return parseInt(m[3], 10) + ' ' + MONTHS_GEN[parseInt(m[2], 10) - 1] + ' ' + m[1];
}

export function fmtMs(ms) {
  if (typeof ms !== 'number') return '';
  return (ms < 10 ? ms.toFixed(1) : Math.round(ms)).toString().replace('.', ',') + ' мс';
}

function pad(n) {
  return String(n).padStart(2, '0');
}

export function isoDay(dt) {
  return dt.getUTCFullYear() + '-' + pad(dt.getUTCMonth() + 1) + '-' + pad(dt.getUTCDate());
}

export function parseDay(s) {
  const [y, m, d] = s.split('-').map((x) => parseInt(x, 10));
  return new Date(Date.UTC(y, m - 1, d));
}
export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
