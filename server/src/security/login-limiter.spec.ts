import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { ClusterState } from '../cluster/cluster-state';
import { MemoryClusterState } from '../cluster/memory-cluster-state';
import { SqliteClusterState } from '../cluster/sqlite-cluster-state';
import { DEFAULT_LOGIN_LIMITS, LoginLimiter, LoginRefused, type LoginTicket } from './login-limiter';

/** The limiter with a hand-moved clock and the security log captured as parsed JSON lines. */
function setup(state?: (clock: () => number) => ClusterState) {
  let now = 1_000_000;
  const clock = () => now;
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const shared = state?.(clock) ?? new MemoryClusterState(clock);
  const limiter = new LoginLimiter(shared, log, DEFAULT_LOGIN_LIMITS, clock);
  const advance = (ms: number) => (now += ms);
  /** One whole attempt: begin, then fail or succeed. The refusal's seconds, or 'checked'. */
  const attempt = async (
    username: string | undefined,
    ip: string,
    ok = false,
  ): Promise<number | 'checked'> => {
    const outcome = await limiter.begin(username, ip);
    if (outcome instanceof LoginRefused) return Math.ceil(outcome.retryAfterSeconds);
    if (ok) await limiter.succeeded(outcome);
    else await limiter.failed(outcome);
    return 'checked';
  };
  const repeat = async (n: number, ...args: Parameters<typeof attempt>) => {
    const answers: Array<number | 'checked'> = [];
    for (let i = 0; i < n; i++) answers.push(await attempt(...args));
    return answers;
  };
  return { limiter, lines, advance, attempt, repeat, events: () => lines.map((l) => l.event) };
}

describe('LoginLimiter', () => {
  it('makes a (username, address) pair wait 60 s after 5 failures, and logs each failure and the lock', async () => {
    const { attempt, repeat, events, lines } = setup();
    expect(await repeat(5, 'dinkes', '10.0.0.1')).toEqual(Array(5).fill('checked'));
    expect(await attempt('dinkes', '10.0.0.1')).toBe(60);
    // Even the right password is not checked while it waits.
    expect(await attempt('dinkes', '10.0.0.1', true)).toBe(60);
    expect(events()).toEqual([
      ...Array(5).fill('login.failed'),
      'login.locked',
      'login.blocked', // the second refusal within 10 s is counted, not logged
    ]);
    expect(lines[5]).toMatchObject({ username: 'dinkes', ip: '10.0.0.1', lockSeconds: 60, lockedBy: 'pair' });
    expect(JSON.stringify(lines)).not.toMatch(/password/i);
  });

  it('an attacker at one address cannot lock the account out for the real user at another', async () => {
    const { attempt, repeat } = setup();
    await repeat(30, 'sekretariat', '203.0.113.7');
    expect(await attempt('sekretariat', '203.0.113.7', true)).toBeGreaterThan(0);
    expect(await attempt('sekretariat', '198.51.100.4', true)).toBe('checked');
    // Nor other accounts from the attacker's address (up to the address limit, see below).
    expect(await attempt('disdik', '203.0.113.7', true)).toBe('checked');
  });

  it('waits twice as long each time, up to 15 minutes; guesses between waits stay few', async () => {
    const { attempt, advance } = setup();
    const locks: number[] = [];
    const guessesBetween: number[] = [];
    for (let lock = 0; lock < 8; lock++) {
      let guesses = 0;
      let seconds: number | 'checked';
      while ((seconds = await attempt('dinkes', '10.0.0.1')) === 'checked') guesses++;
      locks.push(seconds);
      guessesBetween.push(guesses);
      advance(seconds * 1000 + 1);
    }
    expect(locks).toEqual([60, 120, 240, 480, 900, 900, 900, 900]);
    // Five at first; while the window still holds the earlier failures one guess waits again; once
    // the waits reach the window's length the earlier failures slide out and it is five again.
    expect(guessesBetween).toEqual([5, 1, 1, 1, 2, 5, 5, 5]);
  });

  it('a successful login clears the pair: its failures and its lock level', async () => {
    const { attempt, repeat, advance, events } = setup();
    await repeat(5, 'dinkes', '10.0.0.1');
    advance(61_000);
    expect(await attempt('dinkes', '10.0.0.1', true)).toBe('checked');
    expect(events()).toContain('login.succeeded-after-failures');
    expect(await repeat(5, 'dinkes', '10.0.0.1')).toEqual(Array(5).fill('checked'));
    expect(await attempt('dinkes', '10.0.0.1')).toBe(60); // back to the first wait's length
  });

  it('failures slide out of the 15-minute window', async () => {
    const { attempt, repeat, advance } = setup();
    await repeat(4, 'dinkes', '10.0.0.1');
    advance(15 * 60_000 + 1);
    expect(await repeat(5, 'dinkes', '10.0.0.1')).toEqual(Array(5).fill('checked'));
    expect(await attempt('dinkes', '10.0.0.1')).toBe(60);
  });

  it('20 failures from one address over new usernames make new usernames wait there', async () => {
    const { attempt, lines } = setup();
    for (let i = 0; i < 20; i++) expect(await attempt(`user-${i % 7}`, '10.0.0.9')).toBe('checked');
    expect(await attempt('sekretariat', '10.0.0.9', true)).toBe(60);
    expect(lines.find((l) => l.event === 'login.locked')).toMatchObject({
      lockedBy: 'address',
      ip: '10.0.0.9',
      lockSeconds: 60,
    });
    expect(await attempt('sekretariat', '10.0.0.10', true)).toBe('checked');
  });

  it('…but an office behind that address keeps logging in with the accounts it has used there', async () => {
    const { attempt } = setup();
    const office = '10.0.0.9';
    for (const username of ['sekretariat', 'dinkes', 'disdik'])
      expect(await attempt(username, office, true)).toBe('checked');
    // Someone in the office sprays: 40 guesses over many usernames.
    for (let i = 0; i < 40; i++) await attempt(`tebakan-${i}`, office);
    expect(await attempt('tebakan-baru', office)).toBeGreaterThan(0);
    for (const username of ['sekretariat', 'dinkes', 'disdik'])
      expect(await attempt(username, office, true)).toBe('checked');
    // A known account mistyped still counts for its own pair (5, then a wait), not the address.
    for (let i = 0; i < 5; i++) expect(await attempt('dinkes', office)).toBe('checked');
    expect(await attempt('dinkes', office, true)).toBe(60);
    expect(await attempt('disdik', office, true)).toBe('checked');
  });

  it('counts guesses sent in parallel before any of them is answered', async () => {
    const { limiter } = setup();
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => limiter.begin('dinkes', '10.0.0.1')));
    const tickets = outcomes.filter((o): o is LoginTicket => !(o instanceof LoginRefused));
    expect(tickets).toHaveLength(5);
    expect(outcomes[5]).toBeInstanceOf(LoginRefused);
  });

  it('an attempt that was not a password check (malformed body) does not count', async () => {
    const { limiter, attempt } = setup();
    for (let i = 0; i < 50; i++) {
      const ticket = await limiter.begin('dinkes', '10.0.0.1');
      if (ticket instanceof LoginRefused) throw new Error('refused');
      await limiter.cancel(ticket);
    }
    expect(await attempt('dinkes', '10.0.0.1', true)).toBe('checked');
  });

  it('an attempt without a username still counts for its address', async () => {
    const { attempt, repeat } = setup();
    await repeat(20, undefined, '10.0.0.1');
    expect(await attempt('dinkes', '10.0.0.1', true)).toBe(60);
  });

  it('two limiters on one cluster.sqlite (two server processes) count the same failures', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'selaras-login-'));
    const file = path.join(dir, 'cluster.sqlite');
    const states: ClusterState[] = [];
    const open = (clock: () => number) => {
      const state = new SqliteClusterState({ filename: file, now: clock });
      states.push(state);
      return state;
    };
    try {
      const one = setup(open);
      const two = setup(open);
      for (let i = 0; i < 5; i++)
        expect(await (i % 2 ? one : two).attempt('putr', '10.0.0.1')).toBe('checked');
      expect(await one.attempt('putr', '10.0.0.1', true)).toBe(60);
      expect(await two.attempt('putr', '10.0.0.1', true)).toBe(60);
      expect(await two.attempt('putr', '10.0.0.2', true)).toBe('checked');
    } finally {
      await Promise.all(states.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
