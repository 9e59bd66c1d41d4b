import { randomUUID } from 'node:crypto';
import type { PresenceMember } from '@selaras/shared';
import Redis from 'ioredis';
import {
  type Change,
  type ClusterState,
  DEFAULT_PRESENCE_TTL_MS,
  type PresenceEntry,
  type PresenceStore,
  mergeMembers,
} from './cluster-state';

export interface RedisClusterStateOptions {
  url: string;
  /** Connection trouble after start-up (Redis restarting, the network): told at most every 10 s. */
  onError?: (message: string) => void;
  presenceTtlMs?: number;
  /** Key prefix, so one Redis can serve several Selaras installations (or tests) apart. */
  prefix?: string;
}

/** Sets `KEYS[1]` to ARGV[2] (or deletes it when ARGV[2] is empty) only if it still holds ARGV[1]. */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if (current or '') ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`;

const MAX_TRIES = 50;
const CHANNEL = 'presence';

interface StoredPresence extends PresenceEntry {
  expiresAt: number;
}

/**
 * The cluster state in Redis, for instances on several machines (a KurrentDB deployment). Keys expire
 * by Redis's own TTL. An update reads the key, computes the new value here, and writes it with a
 * compare-and-set script; if another instance changed the key meanwhile it reads again (optimistic,
 * no lock held over the network). Presence is a hash per board plus a pub/sub channel on which each
 * instance names the boards it changed; entries carry their expiry, renewed by their instance's
 * heartbeat, and whoever sees one expired removes it and tells the others.
 */
export class RedisClusterState implements ClusterState {
  readonly kind = 'redis';
  private readonly queues = new Map<string, Promise<void>>();

  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly presence: RedisPresence,
  ) {}

  static async connect(options: RedisClusterStateOptions): Promise<RedisClusterState> {
    const prefix = options.prefix ?? 'selaras:';
    const client = (name: string) =>
      new Redis(options.url, {
        lazyConnect: true,
        connectionName: `selaras-${name}`,
        maxRetriesPerRequest: 2,
        // Reconnect after a restart of Redis, waiting up to 2 s between tries.
        retryStrategy: (times) => Math.min(times * 100, 2000),
      });
    const redis = client('state');
    const subscriber = client('presence');
    let lastError = 0;
    for (const connection of [redis, subscriber]) {
      connection.on('error', (error: Error) => {
        if (Date.now() - lastError < 10_000) return;
        lastError = Date.now();
        options.onError?.(`Redis at ${redactUrl(options.url)}: ${error.message}`);
      });
    }
    try {
      await Promise.all([redis.connect(), subscriber.connect()]);
    } catch (error) {
      redis.disconnect();
      subscriber.disconnect();
      throw new Error(`Redis at ${redactUrl(options.url)} cannot be reached: ${(error as Error).message}`);
    }
    const presence = new RedisPresence(
      redis,
      subscriber,
      prefix,
      options.presenceTtlMs ?? DEFAULT_PRESENCE_TTL_MS,
    );
    await presence.start();
    return new RedisClusterState(redis, prefix, presence);
  }

  /**
   * Updates of one key from this process run one after the other (a queue per key), so only other
   * instances can make the compare-and-set miss; a miss is retried after a short random pause.
   */
  update<T, R>(key: string, change: (current: T | undefined) => Change<T, R>): Promise<R> {
    const before = this.queues.get(key) ?? Promise.resolve();
    const run = before.then(() => this.compareAndSet(key, change));
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return run;
  }

  private async compareAndSet<T, R>(
    key: string,
    change: (current: T | undefined) => Change<T, R>,
  ): Promise<R> {
    const fullKey = this.prefix + key;
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      // Missed: another instance wrote in between. A random pause breaks the lockstep in which one
      // instance's queue keeps winning the race against another's (seen as 50 misses in a row).
      if (attempt > 0)
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 5)));
      const before = (await this.redis.get(fullKey)) ?? '';
      const next = change(before ? (JSON.parse(before) as T) : undefined);
      const after = next.value === undefined ? '' : JSON.stringify(next.value);
      const ttl = String(Math.max(1, Math.ceil(next.ttlMs)));
      const written = await this.redis.eval(COMPARE_AND_SET, 1, fullKey, before, after, ttl);
      if (written === 1) return next.result;
    }
    throw new Error(`cluster state: ${key} kept changing under ${MAX_TRIES} tries`);
  }

  async get<T>(key: string): Promise<T | undefined> {
    const value = await this.redis.get(this.prefix + key);
    return value ? (JSON.parse(value) as T) : undefined;
  }

  async close(): Promise<void> {
    await this.presence.stop();
    await this.redis.quit().catch(() => undefined);
  }
}

class RedisPresence implements PresenceStore {
  private readonly instance = randomUUID();
  private readonly local = new Map<string, PresenceEntry>();
  private readonly heartbeat: NodeJS.Timeout;
  private listener: ((boardId: string) => void) | undefined;
  private boards: () => Iterable<string> = () => [];
  private stopped = false;

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {
    this.heartbeat = setInterval(() => void this.beat(), Math.max(50, Math.floor(ttlMs / 4)));
    this.heartbeat.unref();
  }

  async start(): Promise<void> {
    this.subscriber.on('message', (_channel: string, message: string) => {
      const split = message.indexOf('|');
      const from = message.slice(0, split);
      const boardId = message.slice(split + 1);
      if (from !== this.instance && [...this.boards()].includes(boardId)) this.listener?.(boardId);
    });
    await this.subscriber.subscribe(this.prefix + CHANNEL);
  }

  async put(entry: PresenceEntry): Promise<void> {
    this.local.set(localKey(entry.boardId, entry.connectionId), { ...entry });
    await this.write(entry);
    await this.changed(entry.boardId);
  }

  async remove(boardId: string, connectionId: string): Promise<boolean> {
    this.local.delete(localKey(boardId, connectionId));
    const had = (await this.redis.hdel(this.boardKey(boardId), connectionId)) > 0;
    if (had) await this.changed(boardId);
    return had;
  }

  async members(boardId: string): Promise<PresenceMember[]> {
    return mergeMembers(await this.live(boardId));
  }

  watch(boards: () => Iterable<string>, onChange: (boardId: string) => void): () => void {
    this.boards = boards;
    this.listener = onChange;
    return () => {
      this.listener = undefined;
    };
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.heartbeat);
    // This instance's connections leave at once instead of after the TTL.
    const byBoard = new Map<string, string[]>();
    for (const entry of this.local.values())
      byBoard.set(entry.boardId, [...(byBoard.get(entry.boardId) ?? []), entry.connectionId]);
    try {
      for (const [boardId, connections] of byBoard) {
        await this.redis.hdel(this.boardKey(boardId), ...connections);
        await this.changed(boardId);
      }
    } catch {
      // The others drop them after the TTL anyway.
    }
    await this.subscriber.quit().catch(() => undefined);
  }

  /** The board's entries that are still alive; expired ones (a crashed instance's) are removed. */
  private async live(boardId: string): Promise<StoredPresence[]> {
    const all = await this.redis.hgetall(this.boardKey(boardId));
    const now = Date.now();
    const alive: StoredPresence[] = [];
    const expired: string[] = [];
    for (const [connectionId, text] of Object.entries(all)) {
      const entry = JSON.parse(text) as StoredPresence;
      if (entry.expiresAt > now) alive.push(entry);
      else expired.push(connectionId);
    }
    if (expired.length > 0 && (await this.redis.hdel(this.boardKey(boardId), ...expired)) > 0)
      await this.changed(boardId, true);
    return alive;
  }

  /** Renews this instance's entries and looks for expired ones on the boards it serves. */
  private async beat(): Promise<void> {
    if (this.stopped) return;
    try {
      for (const entry of this.local.values()) await this.write(entry);
      for (const boardId of new Set(this.boards())) await this.live(boardId);
    } catch {
      // Redis away for a moment: the next beat comes well within the TTL.
    }
  }

  private async write(entry: PresenceEntry): Promise<void> {
    const stored: StoredPresence = { ...entry, expiresAt: Date.now() + this.ttlMs };
    const key = this.boardKey(entry.boardId);
    await this.redis
      .multi()
      .hset(key, entry.connectionId, JSON.stringify(stored))
      // The whole hash goes when nobody has renewed anything in it for a while.
      .pexpire(key, this.ttlMs * 3)
      .exec();
  }

  /** Tells the other instances (and, when an expiry was found here, this one's sockets too). */
  private async changed(boardId: string, includingHere = false): Promise<void> {
    await this.redis.publish(this.prefix + CHANNEL, `${this.instance}|${boardId}`);
    if (includingHere) this.listener?.(boardId);
  }

  private boardKey(boardId: string): string {
    return `${this.prefix}presence:${boardId}`;
  }
}

const localKey = (boardId: string, connectionId: string) => `${boardId}\n${connectionId}`;

/** A Redis URL without its password, for messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}
