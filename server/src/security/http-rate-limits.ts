import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { SessionUser } from '@selaras/shared';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error';
import { type RateLimiter, RateLimiters } from './rate-limiter';

/**
 * The heavy reads of the audit API (docs/api.md "Audit and time travel"): a fold from a checkpoint, a
 * comparison of two folds, a full chain verification or a streamed export. Each costs tens of
 * milliseconds to seconds of server time, so they share one per-user budget. The history, the audit
 * log page and the timeline are index reads and are not limited.
 */
export function isHeavyRead(method: string, route: string, query: Record<string, unknown>): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (route === '/api/boards/:boardId') return query.at !== undefined || query.asOf !== undefined;
  return (
    route === '/api/boards/:boardId/compare' ||
    route === '/api/boards/:boardId/verify' ||
    route.startsWith('/api/boards/:boardId/export/')
  );
}

const MESSAGES = {
  commands: [
    'Terlalu banyak perintah dalam waktu singkat; tunggu sebentar lalu kirim lagi.',
    'Too many commands in a short time; wait a moment and send again.',
  ],
  audit: [
    'Terlalu banyak permintaan riwayat, perbandingan, verifikasi atau ekspor dalam waktu singkat; tunggu sebentar lalu coba lagi.',
    'Too many history, comparison, verification or export requests in a short time; wait a moment and try again.',
  ],
} as const;

/**
 * Applies the per-user limits to HTTP routes: commands (POST …/commands) and the heavy audit reads. A
 * guard on the controllers that have such routes (`@UseGuards(HttpRateGuard)`), not a global interceptor:
 * Nest runs every request of every route through an interceptor's rxjs pipeline (with an AsyncResource
 * per step), which cost about a tenth of a durable command's CPU (issue 12's profile). Guards on a
 * controller run after the global AuthGuard, so the user is known. A refusal is `429 TooManyRequests`
 * with `Retry-After`.
 */
@Injectable()
export class HttpRateGuard implements CanActivate {
  constructor(@Inject(RateLimiters) private readonly limiters: RateLimiters) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const which = context.getType() === 'http' ? this.limitFor(context) : undefined;
    if (!which) return true;
    const [limiter, userId, messages] = which;
    return limiter.take(userId).then((taken) => {
      if (!taken.ok) throw ApiError.tooManyRequests(taken.retryAfterSeconds, messages[0], messages[1]);
      return true;
    });
  }

  private limitFor(context: ExecutionContext): [RateLimiter, string, readonly [string, string]] | undefined {
    const req = context.switchToHttp().getRequest<FastifyRequest & { user?: SessionUser }>();
    const route = req.routeOptions.url;
    if (!req.user || typeof route !== 'string') return undefined;
    if (req.method === 'POST' && route.endsWith('/commands'))
      return [this.limiters.commands, req.user.id, MESSAGES.commands];
    if (isHeavyRead(req.method, route, (req.query ?? {}) as Record<string, unknown>))
      return [this.limiters.audit, req.user.id, MESSAGES.audit];
    return undefined;
  }
}
