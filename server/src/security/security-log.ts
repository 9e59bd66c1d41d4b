import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';

/**
 * The security log: the same JSON lines on stdout as every other log, from a pino child named
 * `security`, so an operator can `grep '"name":"security"'` (or route it elsewhere) to see login
 * failures, locks, rate limits, refused origins and permission denials. Passwords and tokens are never
 * passed to it.
 */
export const SECURITY_LOG = Symbol('SECURITY_LOG');

export type SecurityEvent =
  | 'login.failed'
  | 'login.locked'
  | 'login.blocked'
  | 'login.succeeded-after-failures'
  | 'auth.unauthorized'
  | 'permission.denied'
  | 'commands.rate-limited'
  | 'joins.rate-limited'
  | 'presence.rate-limited'
  | 'audit.rate-limited'
  | 'demo.exposed'
  | 'origin.refused'
  | 'socket.unauthorized';

const children = new WeakMap<Logger, Logger>();

/** The `security` child of `logger` (one per logger, so Nest providers and plain code share it). */
export function securityLogger(logger: Logger): Logger {
  let child = children.get(logger);
  if (!child) {
    child = logger.child({ name: 'security' });
    children.set(logger, child);
  }
  return child;
}

/** Who made a request, as far as the server can tell without trusting the body. */
export function requester(req: { ip?: string | undefined; headers: IncomingHttpHeaders }): {
  ip: string | undefined;
  userAgent: string | undefined;
} {
  const agent = req.headers['user-agent'];
  return { ip: req.ip, userAgent: typeof agent === 'string' ? agent.slice(0, 200) : undefined };
}
