import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BOARD_HEADERS, type SessionUser } from '@selaras/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { STATUS_PAGE_STYLE } from '../web/status-page';
import { cspSafeHost } from './origin';
import type { SecurityConfig } from './security-config';
import { requester } from './security-log';

const LOGIN_PATH = '/api/auth/login';
const HSTS_SECONDS = 180 * 24 * 3600;

/**
 * The Content-Security-Policy. The built client is one module script and one stylesheet from /assets
 * with no inline style (React sets `style` props through the CSSOM, which CSP does not govern), and
 * one small inline script in index.html that starts the board's download early, allowed by its hash
 * (`inlineScripts`, read from the built index.html at start); nothing else inline runs. test/browser/csp.spec.ts loads the real client and fails on any
 * violation. The only inline style is the status page's (served while the client is not built),
 * allowed by its hash. Socket.IO connects to ws(s):// on the page's own host, which older browsers do
 * not count as 'self', so that host is named explicitly (from the Host header, if it is a plain host).
 */
export function cspDirectives(
  inlineScripts: readonly string[] = [],
): Record<string, Array<string | ((req: unknown) => string)>> {
  const statusStyle = `'sha256-${createHash('sha256').update(STATUS_PAGE_STYLE).digest('base64')}'`;
  const sameHostSockets = (req: unknown) => {
    const host = cspSafeHost((req as IncomingMessage).headers.host);
    return host ? `ws://${host} wss://${host}` : '';
  };
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...inlineScripts.map(sha256Source)],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", statusStyle],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", sameHostSockets],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

const sha256Source = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The text of each inline `<script>` of the built client's index.html (the one that starts the board's
 * download early): the policy allows exactly these, by hash, and no other inline script.
 */
export function inlineScriptsOf(html: string): string[] {
  return [...html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)]
    .filter((m) => !/\ssrc\s*=/i.test(m[1] ?? '') && m[2]!.trim() !== '')
    .map((m) => m[2]!);
}

/**
 * Registered first in main.ts, before the routes and the static files, so every answer (errors
 * included) carries the headers: helmet (CSP, nosniff, Referrer-Policy, COOP, …), HSTS on https, CORS
 * for the configured origins only, and the security log of 401 and 403 answers. (Proxy trust is the
 * Fastify adapter's `trustProxy`.)
 */
export function applyHttpSecurity(
  app: NestFastifyApplication,
  security: SecurityConfig,
  log: Logger,
  inlineScripts: readonly string[] = [],
): void {
  const fastify = app.getHttpAdapter().getInstance();
  const headers = perHost(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(inlineScripts) },
      strictTransportSecurity: false, // below: only on https
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginOpenerPolicy: { policy: 'same-origin' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
      xFrameOptions: { action: 'deny' },
    }),
  );
  // A browser ignores HSTS over plain http; sending it only on https keeps `auto` honest.
  const hsts = (request: FastifyRequest) =>
    security.hsts === 'always' || (security.hsts !== 'never' && request.protocol === 'https');
  fastify.addHook('onRequest', (request, reply, done) => {
    if (hsts(request)) reply.raw.setHeader('Strict-Transport-Security', `max-age=${HSTS_SECONDS}`);
    headers(request.raw, reply.raw, (error) => done(error as Error | undefined));
  });
  // Same origin needs no CORS at all (the Vite dev server proxies). Without configured origins no
  // Access-Control-* header is ever sent, so a foreign page cannot read an answer nor send the
  // Authorization header a command needs (its preflight is not granted).
  if (security.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...security.corsOrigins],
      methods: ['GET', 'HEAD', 'POST'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      exposedHeaders: ['Retry-After', ...Object.values(BOARD_HEADERS)],
      credentials: false,
      maxAge: 600,
    });
  }
  fastify.addHook('onResponse', denialLog(log));
}

/** Hosts whose headers are kept (the Host header is the client's to choose: the cache is bounded). */
export const MAX_CACHED_HOSTS = 32;

type HeaderMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: Error | unknown) => void,
) => void;
interface HeaderOps {
  set: Array<[string, string | number | readonly string[]]>;
  remove: string[];
}

/**
 * helmet's headers, worked out once per Host instead of on every answer: only the CSP's connect-src
 * depends on the request (its host). helmet runs against a recording answer (it only sets and removes
 * headers, synchronously) and the result is replayed. Hosts past the bound are worked out each time.
 * A command's answer spent ~2% of its server time in helmet's dozen middlewares.
 */
export function perHost(middleware: HeaderMiddleware): HeaderMiddleware {
  const byHost = new Map<string, HeaderOps>();
  return (req, res, next) => {
    const host = req.headers.host ?? '';
    let ops = byHost.get(host);
    if (!ops) {
      const recorded: HeaderOps = { set: [], remove: [] };
      const recorder = {
        setHeader: (name: string, value: string | number | readonly string[]) => {
          recorded.set.push([name, value]);
        },
        removeHeader: (name: string) => {
          recorded.remove.push(name);
        },
      } as unknown as ServerResponse;
      let failed: { error: unknown } | undefined;
      let done = false;
      middleware(req, recorder, (error?: unknown) => {
        done = true;
        if (error !== undefined) failed = { error };
      });
      if (failed) return next(failed.error);
      // A middleware that did not finish synchronously is not one this cache understands: run it as is.
      if (!done) return middleware(req, res, next);
      ops = recorded;
      if (byHost.size < MAX_CACHED_HOSTS) byHost.set(host, ops);
    }
    for (const [name, value] of ops.set) res.setHeader(name, value);
    for (const name of ops.remove) res.removeHeader(name);
    next();
  };
}

/** Every 401 and 403 into the security log (login failures are logged by the login limiter). */
function denialLog(log: Logger) {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const status = reply.statusCode;
    const path = request.url.split('?')[0]!.slice(0, 300);
    if ((status === 401 || status === 403) && path !== LOGIN_PATH) {
      const user = (request as FastifyRequest & { user?: SessionUser }).user;
      log.warn(
        {
          event: status === 401 ? 'auth.unauthorized' : 'permission.denied',
          status,
          method: request.method,
          path,
          userId: user?.id,
          username: user?.username,
          role: user?.role,
          ...requester(request),
        },
        status === 401 ? 'request without a valid session' : 'permission denied',
      );
    }
    done();
  };
}
