import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ClusterState } from '../cluster/cluster-state';
import { requester } from './security-log';

export interface LoginLimits {
  /** Failures of one username from one client address within the window before that pair waits. */
  perPair: number;
  /**
   * Failures from one client address within the window, over usernames that have never logged in
   * from there, before such attempts wait. Usernames that have logged in from that address before
   * are not held back by it, so an office behind one NAT keeps working while someone there sprays.
   */
  perAddress: number;
  windowMs: number;
  /** The first wait; each further one (without a success in between) doubles, up to `maxLockMs`. */
  lockMs: number;
  maxLockMs: number;
  /** A key without a lock for this long starts again at the first wait. */
  forgetLevelAfterMs: number;
  /** How long a successful login keeps its (username, address) pair known. */
  knownForMs: number;
}

/**
 * The numbers, and why:
 * - 5 failures of one (username, address): a person mistypes a few times; a guesser then waits 1, 2,
 *   4, 8, then 15 minutes per further guess, so one address gets about 5 + 4 an hour at one account.
 * - 15 minutes at most: two colleagues behind one NAT share an address, so a guesser there can make
 *   the real person wait; never longer than this, and nobody elsewhere notices at all.
 * - 20 failures from one address over usernames new to it: a password spray from one address stops
 *   after 20 (then one guess per wait), while every account already used from there still logs in.
 */
export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perPair: 5,
  perAddress: 20,
  windowMs: 15 * 60_000,
  lockMs: 60_000,
  maxLockMs: 15 * 60_000,
  forgetLevelAfterMs: 24 * 3600_000,
  knownForMs: 30 * 24 * 3600_000,
};

/** Attempts refused during a wait are logged at most this often per key (with a count). */
const BLOCKED_LOG_EVERY_MS = 10_000;

interface Entry {
  /** Attempt stamps in the window; an attempt counts from the moment it starts (so parallel guesses
   *  count too) and is dropped again if it turns out not to be a failure. */
  attempts: Array<{ id: string; at: number }>;
  lockedUntil: number;
  level: number;
  lastLockAt: number;
  lastBlockedLogAt: number;
  suppressed: number;
}

type Kind = 'pair' | 'address';

export interface LoginTicket {
  id: string;
  username: string | undefined;
  ip: string;
  /** The keys this attempt was counted under. */
  kinds: Kind[];
}

export class LoginRefused {
  constructor(
    readonly retryAfterSeconds: number,
    readonly kind: Kind,
  ) {}
}

/**
 * Brute-force protection for POST /api/auth/login, kept in the cluster state so every server instance
 * counts the same failures. The unit is a (username, client address) pair: guesses at `sekretariat`
 * from one address make only that address wait, never the real secretariat elsewhere. Past the limit
 * the pair gets `429` with a `Retry-After` that doubles per further lock (the slow-down; no captcha).
 * A second counter per address covers spraying many usernames; it spares usernames that have logged
 * in from that address before. A successful login clears its pair.
 */
export class LoginLimiter {
  private lastErrorAt = -Infinity;

  constructor(
    private readonly state: ClusterState,
    private readonly log: Logger,
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called before the password is checked: a ticket, or the refusal while a key waits. */
  async begin(username: string | undefined, ip: string): Promise<LoginTicket | LoginRefused> {
    const known = username !== undefined && (await this.state.get(knownKey(username, ip))) !== undefined;
    const ticket: LoginTicket = { id: randomUUID(), username, ip, kinds: [] };
    const kinds: Kind[] = [];
    if (username !== undefined) kinds.push('pair');
    if (!known) kinds.push('address');
    for (const kind of kinds) {
      const now = this.now();
      const outcome = await this.change(kind, ticket, (entry) => {
        let locked = false;
        if (entry.lockedUntil <= now && entry.attempts.length >= this.max(kind)) {
          this.lock(kind, entry, now);
          locked = true;
        }
        if (entry.lockedUntil > now) {
          const log = now - entry.lastBlockedLogAt >= BLOCKED_LOG_EVERY_MS;
          const suppressed = entry.suppressed;
          if (log) {
            entry.lastBlockedLogAt = now;
            entry.suppressed = 0;
          } else entry.suppressed++;
          return { refused: entry.lockedUntil - now, locked, level: entry.level, log, suppressed };
        }
        entry.attempts.push({ id: ticket.id, at: now });
        return { refused: 0, locked, level: entry.level, log: false, suppressed: 0 };
      });
      if (outcome.locked) this.logLock(kind, ticket, outcome.level, outcome.refused);
      if (outcome.refused > 0) {
        if (outcome.log) this.logBlocked(kind, ticket, outcome.refused, outcome.suppressed);
        await this.cancel(ticket);
        return new LoginRefused(outcome.refused / 1000, kind);
      }
      ticket.kinds.push(kind);
    }
    return ticket;
  }

  /** The password was wrong (or the account unknown or disabled). */
  async failed(ticket: LoginTicket): Promise<void> {
    const counts: Partial<Record<Kind, number>> = {};
    const locks: Array<[Kind, number, number]> = [];
    for (const kind of ticket.kinds) {
      const now = this.now();
      const outcome = await this.change(kind, ticket, (entry) => {
        const count = entry.attempts.length;
        if (entry.lockedUntil <= now && count >= this.max(kind)) {
          const ms = this.lock(kind, entry, now);
          return { count, lock: [entry.level, ms] as const };
        }
        return { count, lock: undefined };
      });
      counts[kind] = outcome.count;
      if (outcome.lock) locks.push([kind, ...outcome.lock]);
    }
    this.log.warn(
      {
        event: 'login.failed',
        username: ticket.username,
        ip: ticket.ip,
        failuresForUsername: counts.pair,
        failuresFromIp: counts.address,
      },
      'login failed',
    );
    for (const [kind, level, ms] of locks) this.logLock(kind, ticket, level, ms);
  }

  async succeeded(ticket: LoginTicket): Promise<void> {
    if (ticket.username !== undefined) {
      const username = ticket.username;
      const earlier = await this.state.update<Entry, number>(pairKey(username, ticket.ip), (entry) => ({
        value: undefined,
        ttlMs: 0,
        result: entry ? entry.attempts.filter((a) => a.id !== ticket.id).length : 0,
      }));
      await this.state.update(knownKey(username, ticket.ip), () => ({
        value: { at: this.now() },
        ttlMs: this.limits.knownForMs,
        result: undefined,
      }));
      if (earlier > 0) {
        this.log.info(
          { event: 'login.succeeded-after-failures', username, ip: ticket.ip, earlier },
          'login succeeded after failures',
        );
      }
    }
    // One account's success says nothing about the other usernames tried from the same address.
    await this.cancel({ ...ticket, kinds: ticket.kinds.filter((k) => k === 'address') });
  }

  /** Not a password check after all (a malformed body, a server error): the attempt does not count. */
  async cancel(ticket: LoginTicket): Promise<void> {
    for (const kind of ticket.kinds) {
      await this.change(kind, ticket, (entry) => {
        entry.attempts = entry.attempts.filter((a) => a.id !== ticket.id);
      });
    }
  }

  /**
   * A Fastify preHandler (the body is parsed by then) that acts on the login route only: refuses
   * while a key waits, then records the outcome when the answer is sent.
   */
  hook() {
    return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      if (request.method !== 'POST' || request.url.split('?')[0] !== LOGIN_ROUTE) return;
      const body = request.body as { username?: unknown } | undefined;
      const username =
        typeof body?.username === 'string' ? body.username.trim().toLowerCase().slice(0, 200) : undefined;
      const outcome = await this.guarded(
        this.begin(username || undefined, requester(request).ip ?? 'unknown'),
        undefined,
      );
      if (outcome instanceof LoginRefused) return refuse(reply, outcome);
      if (!outcome) return;
      const res = reply.raw;
      const settle = (how: 'failed' | 'succeeded' | 'cancel') =>
        void this.guarded(this[how](outcome), undefined);
      res.once('finish', () => {
        if (res.statusCode === 401) settle('failed');
        else if (res.statusCode >= 200 && res.statusCode < 300) settle('succeeded');
        else settle('cancel');
      });
      res.once('close', () => {
        if (!res.writableFinished) settle('cancel');
      });
    };
  }

  /** The cluster state failing must not stop logins: log it and go on without the limit. */
  private async guarded<T>(task: Promise<T>, fallback: T): Promise<T> {
    try {
      return await task;
    } catch (error) {
      const now = this.now();
      if (now - this.lastErrorAt >= 10_000) {
        this.lastErrorAt = now;
        this.log.error({ err: error }, 'login limiter unavailable (cluster state); attempt not counted');
      }
      return fallback;
    }
  }

  private max(kind: Kind): number {
    return kind === 'pair' ? this.limits.perPair : this.limits.perAddress;
  }

  /** Atomically changes one key's entry (window and level kept current) and answers `read`'s result. */
  private change<R>(kind: Kind, ticket: LoginTicket, read: (entry: Entry) => R): Promise<R> {
    const key = kind === 'pair' ? pairKey(ticket.username ?? '', ticket.ip) : addressKey(ticket.ip);
    const { windowMs, forgetLevelAfterMs } = this.limits;
    const now = this.now();
    return this.state.update<Entry, R>(key, (stored) => {
      const entry: Entry = stored
        ? { ...stored, attempts: stored.attempts.filter((a) => a.at > now - windowMs) }
        : { attempts: [], lockedUntil: 0, level: 0, lastLockAt: 0, lastBlockedLogAt: 0, suppressed: 0 };
      if (entry.level > 0 && now - entry.lastLockAt > forgetLevelAfterMs) entry.level = 0;
      const result = read(entry);
      const idle = entry.attempts.length === 0 && entry.lockedUntil <= now && entry.level === 0;
      // Kept while it still matters: the window, the lock, and the level until it is forgotten.
      const ttlMs = Math.max(windowMs, entry.lockedUntil - now, entry.level > 0 ? forgetLevelAfterMs : 0);
      return { value: idle ? undefined : entry, ttlMs, result };
    });
  }

  private lock(kind: Kind, entry: Entry, now: number): number {
    entry.level++;
    const ms = Math.min(this.limits.lockMs * 2 ** (entry.level - 1), this.limits.maxLockMs);
    entry.lockedUntil = now + ms;
    entry.lastLockAt = now;
    // Keep all but one of the failures still in the window: a single further failure after the wait
    // makes it wait again, for twice as long, until they slide out of the window.
    const keep = this.max(kind) - 1;
    entry.attempts = keep > 0 ? entry.attempts.slice(-keep) : [];
    return ms;
  }

  private logLock(kind: Kind, ticket: LoginTicket, level: number, ms: number): void {
    this.log.warn(
      {
        event: 'login.locked',
        lockedBy: kind,
        ...(kind === 'pair' && { username: ticket.username }),
        ip: ticket.ip,
        lockSeconds: Math.round(ms / 1000),
        level,
      },
      kind === 'pair' ? 'login locked for this username from this address' : 'login locked for this address',
    );
  }

  private logBlocked(kind: Kind, ticket: LoginTicket, ms: number, suppressed: number): void {
    this.log.warn(
      {
        event: 'login.blocked',
        lockedBy: kind,
        username: ticket.username,
        ip: ticket.ip,
        retryAfterSeconds: Math.ceil(ms / 1000),
        alsoBlockedSinceLastEntry: suppressed,
      },
      'login refused while locked',
    );
  }
}

const pairKey = (username: string, ip: string) => `login:pair:${username}\n${ip}`;
const addressKey = (ip: string) => `login:address:${ip}`;
const knownKey = (username: string, ip: string) => `login:known:${username}\n${ip}`;

/** The login route the limiter guards. */
const LOGIN_ROUTE = '/api/auth/login';

function refuse(reply: FastifyReply, refused: LoginRefused): FastifyReply {
  const seconds = Math.max(1, Math.ceil(refused.retryAfterSeconds));
  const minutes = Math.ceil(seconds / 60);
  return reply
    .status(429)
    .header('Retry-After', String(seconds))
    .send({
      error: 'TooManyRequests',
      message: `Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam ${minutes} menit.`,
      messageEn: `Too many failed login attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      retryAfterSeconds: seconds,
    });
}
