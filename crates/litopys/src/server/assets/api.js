// Talking to the server's JSON API: fetch, the server's error messages as `ApiError`,
// the count of requests in flight (<html data-pending>, which the tests wait on), and the
// access token of a shared server: asked once on a 401, kept for the tab (sessionStorage).

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** Requests in flight, also in <html data-pending> (tests wait for "0"). The page starts
 *  as "starting", so that nobody reads "0" before the page has asked for anything. */
let pending = 0;

/** Called once the page has started its first requests: from now on the count is real. */
export function pageStarted() {
  document.documentElement.dataset.pending = String(pending);
}

function setPending(delta) {
  pending += delta;
  document.documentElement.dataset.pending = String(pending);
}

export async function api(path, params, signal) {
  setPending(1);
  try {
    return await apiCall(path, params, signal);
  } finally {
    setPending(-1);
  }
}

const TOKEN_KEY = 'litopys-token';

/** The headers of an API call, with the token when the server asked for one. */
function authHeaders(extra) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { ...extra, Authorization: 'Bearer ' + token } : extra;
}

/** Asks for the token (after a 401); false when the person gives none. */
function askToken() {
  const token = window.prompt('Цей сервер потребує ключа доступу. Введіть ключ:');
  if (!token || !token.trim()) return false;
  sessionStorage.setItem(TOKEN_KEY, token.trim());
  return true;
}

/**
 * fetch with the token; on a 401, asks for the token and tries again. Calls that started
 * together ask once: a later 401 sent with an older token just retries with the new one.
 */
export async function authFetch(url, options) {
  const sent = sessionStorage.getItem(TOKEN_KEY);
  let res = await fetch(url, { ...options, headers: authHeaders(options.headers) });
  if (res.status === 401 && (sessionStorage.getItem(TOKEN_KEY) !== sent || askToken())) {
    res = await fetch(url, { ...options, headers: authHeaders(options.headers) });
  }
  return res;
}

/** The export links carry no header: with a token, download through fetch instead. */
export async function authDownload(event) {
  if (!sessionStorage.getItem(TOKEN_KEY)) return;
  event.preventDefault();
  const a = event.currentTarget;
  const res = await authFetch(a.href, { headers: {} });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  const save = document.createElement('a');
  save.href = url;
  save.download = a.href.includes('format=csv') ? 'litopys.csv' : 'litopys.jsonl';
  save.click();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

async function apiCall(path, params, signal) {
  const url = path + (params && params.toString() ? '?' + params.toString() : '');
  let res;
  try {
    res = await authFetch(url, { signal, headers: { Accept: 'application/json' } });
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
