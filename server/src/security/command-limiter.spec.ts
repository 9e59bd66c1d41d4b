import pino from 'pino';
import { CommandLimiter } from './command-limiter';

function setup(rate: number, burst: number) {
  let now = 5_000_000;
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({}, { write: (line: string) => lines.push(JSON.parse(line)) });
  const limiter = new CommandLimiter(rate, burst, log, () => now);
  return { limiter, lines, advance: (ms: number) => (now += ms) };
}

describe('CommandLimiter (token bucket per user)', () => {
  it('lets a burst through, then refuses with the time until the next token', () => {
    const { limiter } = setup(20, 60);
    for (let i = 0; i < 60; i++) expect(limiter.take('u-1')).toEqual({ ok: true });
    const refused = limiter.take('u-1');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.retryAfterSeconds).toBeCloseTo(0.05, 5);
  });

  it('refills at the rate, never above the burst', () => {
    const { limiter, advance } = setup(20, 60);
    for (let i = 0; i < 60; i++) limiter.take('u-1');
    advance(500); // 10 tokens
    const taken = Array.from({ length: 12 }, () => limiter.take('u-1').ok);
    expect(taken.filter(Boolean)).toHaveLength(10);
    advance(3_600_000);
    expect(Array.from({ length: 61 }, () => limiter.take('u-1').ok).filter(Boolean)).toHaveLength(60);
  });

  it('keeps one bucket per user', () => {
    const { limiter } = setup(1, 2);
    limiter.take('u-1');
    limiter.take('u-1');
    expect(limiter.take('u-1').ok).toBe(false);
    expect(limiter.take('u-2').ok).toBe(true);
  });

  it('logs a flood once when it starts and once when it ends, with the count refused', () => {
    const { limiter, lines, advance } = setup(1, 1);
    limiter.take('u-1');
    for (let i = 0; i < 100; i++) limiter.take('u-1');
    advance(1000);
    limiter.take('u-1');
    expect(lines.map((l) => [l.event, l.refused, l.ended])).toEqual([
      ['commands.rate-limited', undefined, undefined],
      ['commands.rate-limited', 100, true],
    ]);
  });

  it('rate 0 is off', () => {
    const { limiter } = setup(0, 1);
    expect(Array.from({ length: 10_000 }, () => limiter.take('u-1').ok).every(Boolean)).toBe(true);
  });
});
