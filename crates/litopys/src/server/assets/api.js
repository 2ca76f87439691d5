// Talking to the server's JSON API: fetch, the server's error messages as `ApiError`,
// and the count of requests in flight (<html data-pending>, which the tests wait on).

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** Requests in flight, also in <html data-pending> (tests wait for "0"). */
let pending = 0;

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

async function apiCall(path, params, signal) {
  const url = path + (params && params.toString() ? '?' + params.toString() : '');
  let res;
  try {
    res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
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
