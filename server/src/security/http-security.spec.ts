import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { MAX_CACHED_HOSTS, cspDirectives, perHost } from './http-security';

/** The headers a middleware leaves on an answer that starts with `X-Powered-By`, and whether it went on. */
function run(middleware: ReturnType<typeof perHost>, host: string | undefined) {
  const headers = new Map<string, unknown>([['x-powered-by', 'Express']]);
  const res = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), value),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  } as unknown as ServerResponse;
  const req = { headers: host === undefined ? {} : { host } } as IncomingMessage;
  let next: unknown = 'not called';
  middleware(req, res, (error?: unknown) => (next = error));
  return { headers: Object.fromEntries(headers), next };
}

describe('helmet per host', () => {
  const options = {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(['console.log(1)']) },
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' as const },
  };

  it('gives every host exactly the headers helmet gives it, also past the cache bound and on repeat', () => {
    const cached = perHost(helmet(options));
    const hosts = [
      'localhost:3000',
      'selaras.banyuasinkab.go.id',
      undefined,
      ...Array.from({ length: MAX_CACHED_HOSTS + 5 }, (_, i) => `10.0.0.${i}:3000`),
    ];
    for (const round of [1, 2]) {
      for (const host of hosts) {
        const expected = run(helmet(options), host);
        expect([round, host, run(cached, host)]).toEqual([round, host, expected]);
      }
    }
    // The host is in the policy (Socket.IO's ws:// on the page's own host), and helmet's own headers.
    const { headers } = run(cached, 'localhost:3000');
    expect(headers['content-security-policy']).toContain("connect-src 'self' ws://localhost:3000");
    expect(headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
    expect(headers['x-powered-by']).toBeUndefined();
  });

  it('passes on an error the middleware reports, and sets nothing', () => {
    const failing = perHost((_req, _res, next) => next(new Error('bad directive')));
    const { headers, next } = run(failing, 'localhost:3000');
    expect((next as Error).message).toBe('bad directive');
    expect(headers).toEqual({ 'x-powered-by': 'Express' });
  });
});
