import { NetworkError, api } from './http';
import { dropPrefetched, takePrefetched } from './prefetch';

/** What fetch resolves with, as far as api() reads it (jsdom has no Response). */
const answer = (body: unknown) =>
  Promise.resolve({
    ok: true,
    status: 200,
    headers: { get: () => null },
    text: () => Promise.resolve(JSON.stringify(body)),
  } as unknown as Response);

function started(path: string, token: string, at = performance.now(), body: unknown = { from: 'early' }) {
  window.__selarasPrefetch = { ...window.__selarasPrefetch, [path]: { token, at, response: answer(body) } };
}

const realFetch = globalThis.fetch;

afterEach(() => {
  dropPrefetched();
  globalThis.fetch = realFetch;
});

test('an early answer is taken once, for the same path and token only', async () => {
  started('/api/boards/a', 'token-1');
  expect(takePrefetched('/api/boards/b', 'token-1')).toBeUndefined();
  expect(takePrefetched('/api/boards/a', 'token-1')).toBeDefined();
  expect(takePrefetched('/api/boards/a', 'token-1')).toBeUndefined();

  started('/api/boards/a', 'token-1');
  expect(takePrefetched('/api/boards/a', 'token-2')).toBeUndefined(); // another session: asked again
  expect(takePrefetched('/api/boards/a', 'token-1')).toBeUndefined(); // and it was let go
});

test('an answer older than 15 s is not used', () => {
  started('/api/boards/a', 'token-1', performance.now() - 16_000);
  expect(takePrefetched('/api/boards/a', 'token-1')).toBeUndefined();
});

test('api() uses the early answer instead of asking, and asks when there is none', async () => {
  const fetchMock = jest.fn(() => answer({ from: 'fetch' }));
  globalThis.fetch = fetchMock as unknown as typeof fetch;
  started('/api/boards/a', 'token-1');
  await expect(api('/api/boards/a', { token: 'token-1' })).resolves.toEqual({ from: 'early' });
  expect(fetchMock).not.toHaveBeenCalled();
  await expect(api('/api/boards/a', { token: 'token-1' })).resolves.toEqual({ from: 'fetch' });
  expect(fetchMock).toHaveBeenCalledTimes(1);
  // A command (POST) never takes one.
  started('/api/boards/a', 'token-1');
  await api('/api/boards/a', { token: 'token-1', method: 'POST', body: {} });
  expect(fetchMock).toHaveBeenCalledTimes(2);
});

test('an early request that failed is reported as the network error it was', async () => {
  const failed = Promise.reject(new TypeError('Failed to fetch'));
  failed.catch(() => undefined);
  window.__selarasPrefetch = { '/api/boards/a': { token: 't', at: performance.now(), response: failed } };
  await expect(api('/api/boards/a', { token: 't' })).rejects.toBeInstanceOf(NetworkError);
});
