import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { MemoryClusterState } from '../cluster/memory-cluster-state';
import { SqliteClusterState } from '../cluster/sqlite-cluster-state';
import { RateLimiter } from './rate-limiter';
import { isHeavyRead } from './http-rate-limits';

function setup(rate: number, burst: number) {
  let now = 5_000_000;
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({}, { write: (line: string) => lines.push(JSON.parse(line)) });
  const clock = () => now;
  const limiter = new RateLimiter('commands', { rate, burst }, new MemoryClusterState(clock), log, clock);
  const take = async (key: string, n = 1) => {
    const answers = [];
    for (let i = 0; i < n; i++) answers.push(await limiter.take(key));
    return answers;
  };
  return { limiter, lines, take, advance: (ms: number) => (now += ms) };
}

const oks = (answers: Array<{ ok: boolean }>) => answers.filter((a) => a.ok).length;

describe('RateLimiter (token bucket per user, in the cluster state)', () => {
  it('lets a burst through, then refuses with the time until the next token', async () => {
    const { take } = setup(20, 60);
    expect(oks(await take('u-1', 60))).toBe(60);
    const [refused] = await take('u-1');
    expect(refused!.ok).toBe(false);
    expect(!refused!.ok && refused!.retryAfterSeconds).toBeCloseTo(0.05, 5);
  });

  it('refills at the rate, never above the burst', async () => {
    const { take, advance } = setup(20, 60);
    await take('u-1', 60);
    advance(500); // 10 tokens
    expect(oks(await take('u-1', 12))).toBe(10);
    advance(3_600_000);
    expect(oks(await take('u-1', 61))).toBe(60);
  });

  it('keeps one bucket per user', async () => {
    const { take } = setup(1, 2);
    await take('u-1', 2);
    expect((await take('u-1'))[0]!.ok).toBe(false);
    expect((await take('u-2'))[0]!.ok).toBe(true);
  });

  it('logs a flood once when it starts and once when it ends, with the count refused', async () => {
    const { take, lines, advance } = setup(1, 1);
    await take('u-1', 101);
    advance(1000);
    await take('u-1');
    expect(lines.map((l) => [l.event, l.refused, l.ended])).toEqual([
      ['commands.rate-limited', undefined, undefined],
      ['commands.rate-limited', 100, true],
    ]);
  });

  it('rate 0 is off', async () => {
    const { take } = setup(0, 1);
    expect(oks(await take('u-1', 10_000))).toBe(10_000);
  });

  it('two limiters on one cluster.sqlite (two processes) draw from the same bucket', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'selaras-rate-'));
    const log = pino({ level: 'silent' });
    const a = new SqliteClusterState({ filename: path.join(dir, 'cluster.sqlite') });
    const b = new SqliteClusterState({ filename: path.join(dir, 'cluster.sqlite') });
    try {
      const onA = new RateLimiter('joins', { rate: 0.001, burst: 10 }, a, log);
      const onB = new RateLimiter('joins', { rate: 0.001, burst: 10 }, b, log);
      const answers = [];
      for (let i = 0; i < 10; i++) answers.push(await (i % 2 ? onA : onB).take('u-1'));
      expect(oks(answers)).toBe(10);
      expect((await onA.take('u-1')).ok).toBe(false);
      expect((await onB.take('u-1')).ok).toBe(false);
      expect((await onB.take('u-2')).ok).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets requests through (and logs) when the cluster state fails', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const log = pino({}, { write: (line: string) => lines.push(JSON.parse(line)) });
    const state = new MemoryClusterState();
    state.update = () => Promise.reject(new Error('disk gone'));
    const limiter = new RateLimiter('audit', { rate: 1, burst: 1 }, state, log);
    for (let i = 0; i < 5; i++) expect((await limiter.take('u-1')).ok).toBe(true);
    expect(lines).toHaveLength(1); // not once per request
    expect(lines[0]).toMatchObject({ level: 50, limit: 'audit' });
  });
});

describe('heavy reads', () => {
  it.each([
    ['GET', '/api/boards/:boardId', { at: '5' }, true],
    ['GET', '/api/boards/:boardId', { asOf: '2025-01-01' }, true],
    ['GET', '/api/boards/:boardId', {}, false],
    ['GET', '/api/boards/:boardId/compare', {}, true],
    ['GET', '/api/boards/:boardId/verify', {}, true],
    ['GET', '/api/boards/:boardId/export/audit.csv', {}, true],
    ['HEAD', '/api/boards/:boardId/export/matrix.xlsx', {}, true],
    ['GET', '/api/boards/:boardId/audit', {}, false],
    ['GET', '/api/boards/:boardId/timeline', {}, false],
    ['GET', '/api/boards/:boardId/programs/:programId/history', {}, false],
    ['POST', '/api/boards/:boardId/commands', {}, false],
  ])('%s %s %j is heavy: %s', (method, route, query, heavy) => {
    expect(isHeavyRead(method, route, query)).toBe(heavy);
  });
});
