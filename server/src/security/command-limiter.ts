import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { SessionUser } from '@selaras/shared';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { ApiError } from '../http/api-error';

interface Bucket {
  tokens: number;
  at: number;
  /** Set while refusing, so one flood is logged once, not once per refused request. */
  refusing: boolean;
  refused: number;
}

/**
 * A token bucket per user id: `rate` commands per second on average, up to `burst` at once. In memory,
 * per process. A person at the board sends a handful of commands a minute and an offline queue
 * replays one at a time, so only a script (or a stuck client) meets it; `rate` 0 turns it off.
 */
export class CommandLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly rate: number,
    readonly burst: number,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token, or answers how many seconds until one is there. */
  take(userId: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    if (this.rate <= 0) return { ok: true };
    const now = this.now();
    let bucket = this.buckets.get(userId);
    if (!bucket) {
      // Users are accounts (a bounded set), but drop full, idle buckets now and then all the same.
      if (this.buckets.size >= 10_000) this.prune(now);
      bucket = { tokens: this.burst, at: now, refusing: false, refused: 0 };
      this.buckets.set(userId, bucket);
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.rate);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      if (bucket.refusing) {
        this.log.info(
          { event: 'commands.rate-limited', userId, refused: bucket.refused, ended: true },
          'command rate limit: the user is below the limit again',
        );
        bucket.refusing = false;
        bucket.refused = 0;
      }
      return { ok: true };
    }
    bucket.refused++;
    if (!bucket.refusing) {
      bucket.refusing = true;
      this.log.warn(
        { event: 'commands.rate-limited', userId, rate: this.rate, burst: this.burst },
        'command rate limit reached',
      );
    }
    return { ok: false, retryAfterSeconds: (1 - bucket.tokens) / this.rate };
  }

  private prune(now: number): void {
    for (const [id, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.rate >= this.burst) this.buckets.delete(id);
    }
  }
}

/**
 * Applies the limiter to a command route (`@UseGuards(CommandRateGuard)` on POST …/commands). A
 * method-level guard runs after the global AuthGuard, so the user is known. A guard rather than a global
 * interceptor: Nest runs every request of every route through an interceptor's rxjs pipeline (with an
 * AsyncResource per step), which cost about a tenth of a durable command's CPU (issue 12's profile).
 */
@Injectable()
export class CommandRateGuard implements CanActivate {
  constructor(@Inject(CommandLimiter) private readonly limiter: CommandLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & { user?: SessionUser }>();
    if (!req.user) return true; // AuthGuard answers for a missing session
    const taken = this.limiter.take(req.user.id);
    if (!taken.ok) {
      throw ApiError.tooManyRequests(
        taken.retryAfterSeconds,
        'Terlalu banyak perintah dalam waktu singkat; tunggu sebentar lalu kirim lagi.',
        'Too many commands in a short time; wait a moment and send again.',
      );
    }
    return true;
  }
}
