import type { Logger } from 'pino';
import type { ClusterState } from '../cluster/cluster-state';

/** Which limit: named in the security log (`<name>.rate-limited`) and in the cluster state's keys. */
export type RateLimitName = 'commands' | 'joins' | 'presence' | 'audit';

export interface RateLimit {
  /** Tokens per second (the refill); 0 turns the limit off. */
  rate: number;
  /** Tokens a user may spend at once before the rate applies. */
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
  /** Set while refusing, so one flood is logged once, not once per refused request. */
  refusing: boolean;
  refused: number;
}

export type Taken = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * A token bucket per key (a user id), kept in the cluster state so that every server instance draws
 * from the same bucket: `rate` per second on average, up to `burst` at once. A bucket that has been
 * full for a while is simply absent (it expires), so idle users cost nothing. If the cluster state
 * cannot be reached, the request is let through and the failure logged: a limit is not worth an outage.
 */
export class RateLimiter {
  private lastErrorAt = -Infinity;

  constructor(
    readonly name: RateLimitName,
    readonly limit: RateLimit,
    private readonly state: ClusterState,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async take(key: string): Promise<Taken> {
    const { rate, burst } = this.limit;
    if (rate <= 0) return { ok: true };
    // Past this, an untouched bucket is full again: it need not be kept.
    const ttlMs = Math.ceil((burst / rate) * 1000) + 1000;
    const now = this.now();
    let outcome: { taken: Taken; ended?: number; started?: boolean };
    try {
      outcome = await this.state.update<Bucket, typeof outcome>(`rate:${this.name}:${key}`, (stored) => {
        const bucket: Bucket = stored
          ? {
              ...stored,
              tokens: Math.min(burst, stored.tokens + (Math.max(0, now - stored.at) / 1000) * rate),
            }
          : { tokens: burst, at: now, refusing: false, refused: 0 };
        bucket.at = now;
        if (bucket.tokens >= 1) {
          bucket.tokens -= 1;
          const ended = bucket.refusing ? bucket.refused : undefined;
          bucket.refusing = false;
          bucket.refused = 0;
          return { value: bucket, ttlMs, result: { taken: { ok: true }, ended } };
        }
        const started = !bucket.refusing;
        bucket.refusing = true;
        bucket.refused++;
        const retryAfterSeconds = (1 - bucket.tokens) / rate;
        return { value: bucket, ttlMs, result: { taken: { ok: false, retryAfterSeconds }, started } };
      });
    } catch (error) {
      // Once per 10 s at most: an unreachable store would otherwise log every request.
      if (now - this.lastErrorAt >= 10_000) {
        this.lastErrorAt = now;
        this.log.error(
          { err: error, limit: this.name },
          'rate limit unavailable (cluster state); let through',
        );
      }
      return { ok: true };
    }
    const event = `${this.name}.rate-limited`;
    if (outcome.started)
      this.log.warn({ event, userId: key, rate, burst }, `${this.name} rate limit reached`);
    if (outcome.ended !== undefined)
      this.log.info(
        { event, userId: key, refused: outcome.ended, ended: true },
        `${this.name} rate limit: the user is below the limit again`,
      );
    return outcome.taken;
  }
}

/** The per-user limits of one server (the same numbers on every instance: they share the buckets). */
export class RateLimiters {
  readonly commands: RateLimiter;
  readonly joins: RateLimiter;
  readonly presence: RateLimiter;
  readonly audit: RateLimiter;

  constructor(
    limits: Record<RateLimitName, RateLimit>,
    state: ClusterState,
    log: Logger,
    now: () => number = Date.now,
  ) {
    this.commands = new RateLimiter('commands', limits.commands, state, log, now);
    this.joins = new RateLimiter('joins', limits.joins, state, log, now);
    this.presence = new RateLimiter('presence', limits.presence, state, log, now);
    this.audit = new RateLimiter('audit', limits.audit, state, log, now);
  }
}
