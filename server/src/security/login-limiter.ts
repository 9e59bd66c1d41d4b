import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { requester } from './security-log';

export interface LoginLimits {
  /** Failures of one username within the window that lock it. */
  perUsername: number;
  /** Failures from one client IP (any usernames) within the window that lock it: a whole office may
   *  share one address behind NAT, so this is looser than the per-username limit. */
  perIp: number;
  windowMs: number;
  /** The first lock; each further lock (without a success in between) doubles it, up to `maxLockMs`. */
  lockMs: number;
  maxLockMs: number;
  /** A key without a lock for this long starts again at the first lock's length. */
  forgetLevelAfterMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perUsername: 5,
  perIp: 20,
  windowMs: 15 * 60_000,
  lockMs: 60_000,
  maxLockMs: 60 * 60_000,
  forgetLevelAfterMs: 24 * 3600_000,
};

/** Entries kept per kind before idle ones are dropped; bounds memory under a username spray. */
const MAX_ENTRIES = 50_000;
/** Attempts refused during a lock are logged at most this often per key (with a count). */
const BLOCKED_LOG_EVERY_MS = 10_000;

interface Entry {
  /** Attempt stamps in the window; an attempt counts from the moment it starts (so parallel guesses
   *  count too) and is dropped again if it turns out not to be a failure. */
  attempts: Array<{ id: number; at: number }>;
  lockedUntil: number;
  level: number;
  lastLockAt: number;
  lastBlockedLogAt: number;
  suppressed: number;
}

type Kind = 'username' | 'ip';

export interface LoginTicket {
  id: number;
  username: string | undefined;
  ip: string;
}

export class LoginRefused {
  constructor(
    readonly retryAfterSeconds: number,
    readonly kind: Kind,
  ) {}
}

/**
 * Brute-force protection for POST /api/auth/login, in memory (one server process: a restart forgets
 * it, and several processes would each count on their own). Sliding window of failures per username
 * and per client IP; past the limit the key is locked for a period that doubles with every further
 * lock. A successful login clears its username's failures and lock.
 */
export class LoginLimiter {
  private readonly maps: Record<Kind, Map<string, Entry>> = { username: new Map(), ip: new Map() };
  private nextId = 1;

  constructor(
    private readonly log: Logger,
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called before the password is checked: a ticket, or the refusal while a key is locked. */
  begin(username: string | undefined, ip: string): LoginTicket | LoginRefused {
    const now = this.now();
    const ticket: LoginTicket = { id: this.nextId++, username, ip };
    const keys = this.keys(ticket);
    for (const [kind, key, max] of keys) {
      const entry = this.entry(kind, key, now);
      if (entry.lockedUntil <= now && entry.attempts.length >= max) this.lock(kind, key, entry, now);
      if (entry.lockedUntil > now) {
        this.logBlocked(kind, key, entry, now, ticket);
        return new LoginRefused((entry.lockedUntil - now) / 1000, kind);
      }
    }
    for (const [kind, key] of keys) this.entry(kind, key, now).attempts.push({ id: ticket.id, at: now });
    return ticket;
  }

  /** The password was wrong (or the account unknown or disabled). */
  failed(ticket: LoginTicket): void {
    const now = this.now();
    const counts: Partial<Record<Kind, number>> = {};
    for (const [kind, key] of this.keys(ticket)) counts[kind] = this.entry(kind, key, now).attempts.length;
    this.log.warn(
      {
        event: 'login.failed',
        username: ticket.username,
        ip: ticket.ip,
        failuresForUsername: counts.username,
        failuresFromIp: counts.ip,
      },
      'login failed',
    );
    for (const [kind, key, max] of this.keys(ticket)) {
      const entry = this.entry(kind, key, now);
      if (entry.lockedUntil <= now && entry.attempts.length >= max) this.lock(kind, key, entry, now);
    }
  }

  succeeded(ticket: LoginTicket): void {
    const now = this.now();
    if (ticket.username !== undefined) {
      const entry = this.maps.username.get(ticket.username);
      const earlier = entry ? entry.attempts.length - 1 : 0;
      this.maps.username.delete(ticket.username);
      if (earlier > 0) {
        this.log.info(
          { event: 'login.succeeded-after-failures', username: ticket.username, ip: ticket.ip, earlier },
          'login succeeded after failures',
        );
      }
    }
    // One account's success says nothing about the other usernames tried from the same address.
    this.cancel(ticket, now);
  }

  /** Not a password check after all (a malformed body, a server error): the attempt does not count. */
  cancel(ticket: LoginTicket, now = this.now()): void {
    for (const [kind, key] of this.keys(ticket)) {
      const entry = this.maps[kind].get(key);
      if (!entry) continue;
      entry.attempts = entry.attempts.filter((a) => a.id !== ticket.id);
      if (this.idle(entry, now)) this.maps[kind].delete(key);
    }
  }

  /** Express middleware for the login route: refuses while locked, then records the outcome. */
  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      if (req.method !== 'POST') return next();
      const body = req.body as { username?: unknown } | undefined;
      const username =
        typeof body?.username === 'string' ? body.username.trim().toLowerCase().slice(0, 200) : undefined;
      const outcome = this.begin(username, requester(req).ip ?? 'unknown');
      if (outcome instanceof LoginRefused) {
        const seconds = Math.max(1, Math.ceil(outcome.retryAfterSeconds));
        const minutes = Math.ceil(seconds / 60);
        res
          .status(429)
          .set('Retry-After', String(seconds))
          .json({
            error: 'TooManyRequests',
            message: `Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam ${minutes} menit.`,
            messageEn: `Too many failed login attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
            retryAfterSeconds: seconds,
          });
        return;
      }
      res.once('finish', () => {
        if (res.statusCode === 401) this.failed(outcome);
        else if (res.statusCode >= 200 && res.statusCode < 300) this.succeeded(outcome);
        else this.cancel(outcome);
      });
      res.once('close', () => {
        if (!res.writableFinished) this.cancel(outcome);
      });
      next();
    };
  }

  private keys(ticket: LoginTicket): Array<[Kind, string, number]> {
    const keys: Array<[Kind, string, number]> = [['ip', ticket.ip, this.limits.perIp]];
    if (ticket.username !== undefined) keys.unshift(['username', ticket.username, this.limits.perUsername]);
    return keys;
  }

  private entry(kind: Kind, key: string, now: number): Entry {
    const map = this.maps[kind];
    let entry = map.get(key);
    if (!entry) {
      if (map.size >= MAX_ENTRIES) this.prune(map, now);
      entry = { attempts: [], lockedUntil: 0, level: 0, lastLockAt: 0, lastBlockedLogAt: 0, suppressed: 0 };
      map.set(key, entry);
    }
    const since = now - this.limits.windowMs;
    if (entry.attempts.length && entry.attempts[0]!.at <= since)
      entry.attempts = entry.attempts.filter((a) => a.at > since);
    if (entry.level > 0 && now - entry.lastLockAt > this.limits.forgetLevelAfterMs) entry.level = 0;
    return entry;
  }

  private lock(kind: Kind, key: string, entry: Entry, now: number): void {
    entry.level++;
    const ms = Math.min(this.limits.lockMs * 2 ** (entry.level - 1), this.limits.maxLockMs);
    entry.lockedUntil = now + ms;
    entry.lastLockAt = now;
    // Keep all but one of the failures still in the window: a single further failure after the lock
    // re-locks, for twice as long, until they slide out of the window.
    const keep = (kind === 'ip' ? this.limits.perIp : this.limits.perUsername) - 1;
    entry.attempts = keep > 0 ? entry.attempts.slice(-keep) : [];
    this.log.warn(
      { event: 'login.locked', [kind]: key, lockSeconds: Math.round(ms / 1000), level: entry.level },
      `login locked for this ${kind}`,
    );
  }

  private logBlocked(kind: Kind, key: string, entry: Entry, now: number, ticket: LoginTicket): void {
    if (now - entry.lastBlockedLogAt < BLOCKED_LOG_EVERY_MS) {
      entry.suppressed++;
      return;
    }
    this.log.warn(
      {
        event: 'login.blocked',
        lockedBy: kind,
        [kind]: key,
        username: ticket.username,
        ip: ticket.ip,
        retryAfterSeconds: Math.ceil((entry.lockedUntil - now) / 1000),
        alsoBlockedSinceLastEntry: entry.suppressed,
      },
      'login refused while locked',
    );
    entry.lastBlockedLogAt = now;
    entry.suppressed = 0;
  }

  private idle(entry: Entry, now: number): boolean {
    return entry.attempts.length === 0 && entry.lockedUntil <= now && entry.level === 0;
  }

  private prune(map: Map<string, Entry>, now: number): void {
    for (const [key, entry] of map) {
      const since = now - this.limits.windowMs;
      const recent = entry.attempts.some((a) => a.at > since);
      if (!recent && entry.lockedUntil <= now && now - entry.lastLockAt > this.limits.windowMs)
        map.delete(key);
    }
    // Still full (a spray of fresh usernames): drop the oldest keys, whose locks matter least.
    for (const key of map.keys()) {
      if (map.size < MAX_ENTRIES * 0.9) break;
      map.delete(key);
    }
  }
}
