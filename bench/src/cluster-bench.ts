import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryClusterState } from '@selaras/server/dist/cluster/memory-cluster-state';
import { SqliteClusterState } from '@selaras/server/dist/cluster/sqlite-cluster-state';
import { RateLimiter } from '@selaras/server/dist/security/rate-limiter';
import Database from 'better-sqlite3';
import pino from 'pino';
import { type Socket, io } from 'socket.io-client';
import { type BenchResult, nowMs, percentile, sleep } from './harness';
import { login } from './http-client';
import { startSelaras } from './processes';

const TAKES = 20_000;
const BOARD = 'banyuasin-2025-2029';

/**
 * What sharing the limits and presence between instances costs (README "Running several instances"):
 * one rate-limit decision in cluster.sqlite against a bare SQLite write transaction on the same kind of
 * file (its floor), and a presence change seen by a socket on another server process against the same
 * change seen on the process that made it.
 */
export async function clusterBenchmarks(): Promise<BenchResult[]> {
  return [await rateLimitCost(), await presenceAcrossProcesses()];
}

async function rateLimitCost(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'selaras-bench-cluster-'));
  try {
    const log = pino({ level: 'silent' });
    const state = new SqliteClusterState({ filename: path.join(dir, 'cluster.sqlite') });
    const limiter = new RateLimiter('commands', { rate: 1e9, burst: 1e9 }, state, log);
    const memory = new RateLimiter('commands', { rate: 1e9, burst: 1e9 }, new MemoryClusterState(), log);
    const users = Array.from({ length: 50 }, (_, i) => `u-${i}`);
    const time = async (take: (key: string) => Promise<unknown>) => {
      for (let i = 0; i < 1000; i++) await take(users[i % users.length]!); // warm-up
      const started = nowMs();
      for (let i = 0; i < TAKES; i++) await take(users[i % users.length]!);
      return ((nowMs() - started) * 1000) / TAKES;
    };
    const sqliteUs = await time((key) => limiter.take(key));
    const memoryUs = await time((key) => memory.take(key));
    await state.close();

    // The floor: the same read-then-upsert in a BEGIN IMMEDIATE transaction, no limiter around it.
    const db = new Database(path.join(dir, 'raw.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.exec(
      'CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID',
    );
    const read = db.prepare('SELECT value FROM kv WHERE key = ?');
    const write = db.prepare(
      'INSERT INTO kv VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
    );
    const step = db.transaction((key: string) => {
      read.get(key);
      write.run(key, '{"tokens":1}', Date.now());
    });
    const started = nowMs();
    for (let i = 0; i < TAKES; i++) step.immediate(users[i % users.length]!);
    const rawUs = ((nowMs() - started) * 1000) / TAKES;
    db.close();
    return {
      name: 'rate-limit decision shared in cluster.sqlite (mean over 20k)',
      figure: sqliteUs,
      unit: 'µs',
      raw: { name: 'bare SQLite read+upsert transaction', value: rawUs, unit: 'µs' },
      details: { memoryAdapterUs: Math.round(memoryUs * 100) / 100 },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function presenceAcrossProcesses(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'selaras-bench-presence-'));
  const unlimited = { SELARAS_PRESENCE_RATE: '0', SELARAS_JOIN_RATE: '0' };
  const first = await startSelaras(dir, unlimited);
  const second = await startSelaras(dir, unlimited);
  const sockets: Socket[] = [];
  try {
    const connect = async (url: string, username: string) => {
      const token = await login(url, username);
      const socket = io(url, { auth: { token }, transports: ['websocket'], forceNew: true });
      sockets.push(socket);
      await new Promise<void>((resolve) =>
        socket.emit('board:join', { boardId: BOARD, after: -1 }, () => resolve()),
      );
      return socket;
    };
    const mover = await connect(first.url, 'dinkes');
    const here = await connect(first.url, 'sekretariat');
    const there = await connect(second.url, 'disdik');
    const seen = (socket: Socket, programId: string) =>
      new Promise<number>((resolve) => {
        const listener = (payload: { members: Array<{ openProgramId: string | null }> }) => {
          if (payload.members.some((m) => m.openProgramId === programId)) {
            socket.off('board:presence', listener);
            resolve(nowMs());
          }
        };
        socket.on('board:presence', listener);
      });
    const local: number[] = [];
    const remote: number[] = [];
    for (let i = 0; i < 60; i++) {
      const programId = `p-${i}`;
      const [atHere, atThere] = [seen(here, programId), seen(there, programId)];
      const sent = nowMs();
      mover.emit('presence:update', { boardId: BOARD, openProgramId: programId });
      const [h, t] = await Promise.all([atHere, atThere]);
      if (i >= 10) {
        local.push(h - sent);
        remote.push(t - sent);
      }
      await sleep(20);
    }
    return {
      name: 'presence change seen on another server process (p50 of 50)',
      figure: percentile(remote, 50),
      unit: 'ms',
      raw: { name: 'seen on the same process, p50', value: percentile(local, 50), unit: 'ms' },
      goal: '≤ 100 ms',
      pass: percentile(remote, 95) <= 100,
      details: {
        p95: Math.round(percentile(remote, 95) * 10) / 10,
        max: Math.round(Math.max(...remote) * 10) / 10,
        sameProcessP95: Math.round(percentile(local, 95) * 10) / 10,
      },
    };
  } finally {
    for (const socket of sockets) socket.disconnect();
    await Promise.all([first.stop(), second.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}
