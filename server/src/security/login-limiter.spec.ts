import pino from 'pino';
import { DEFAULT_LOGIN_LIMITS, LoginLimiter, LoginRefused, type LoginTicket } from './login-limiter';

/** The limiter with a hand-moved clock and the security log captured as parsed JSON lines. */
function setup() {
  let now = 1_000_000;
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const limiter = new LoginLimiter(log, DEFAULT_LOGIN_LIMITS, () => now);
  const advance = (ms: number) => (now += ms);
  /** One whole attempt: begin, then fail or succeed. The refusal's seconds, or 'checked'. */
  const attempt = (username: string | undefined, ip: string, ok = false): number | 'checked' => {
    const outcome = limiter.begin(username, ip);
    if (outcome instanceof LoginRefused) return Math.ceil(outcome.retryAfterSeconds);
    if (ok) limiter.succeeded(outcome);
    else limiter.failed(outcome);
    return 'checked';
  };
  return { limiter, lines, advance, attempt, events: () => lines.map((l) => l.event) };
}

describe('LoginLimiter', () => {
  it('locks a username after 5 failures in the window, for 60 s, and logs each failure and the lock', () => {
    const { attempt, events, lines } = setup();
    for (let i = 0; i < 5; i++) expect(attempt('dinkes', '10.0.0.1')).toBe('checked');
    expect(attempt('dinkes', '10.0.0.1')).toBe(60);
    // Even the right password is not checked while locked.
    expect(attempt('dinkes', '10.0.0.1', true)).toBe(60);
    expect(events()).toEqual([
      ...Array(5).fill('login.failed'),
      'login.locked',
      'login.blocked', // the second refusal within 10 s is counted, not logged
    ]);
    expect(lines[5]).toMatchObject({ username: 'dinkes', lockSeconds: 60, level: 1 });
    expect(JSON.stringify(lines)).not.toMatch(/password/i);
  });

  it('does not lock other usernames or addresses', () => {
    const { attempt } = setup();
    for (let i = 0; i < 5; i++) attempt('dinkes', '10.0.0.1');
    expect(attempt('dinkes', '10.0.0.1')).toBe(60);
    expect(attempt('disdik', '10.0.0.1', true)).toBe('checked');
    expect(attempt('putr', '10.0.0.2')).toBe('checked');
  });

  it('locks again for twice as long each time, up to an hour; guesses between locks stay few', () => {
    const { attempt, advance } = setup();
    const locks: number[] = [];
    const guessesBetween: number[] = [];
    for (let lock = 0; lock < 8; lock++) {
      let guesses = 0;
      let seconds: number | 'checked';
      while ((seconds = attempt('dinkes', '10.0.0.1')) === 'checked') guesses++;
      locks.push(seconds);
      guessesBetween.push(guesses);
      advance(seconds * 1000 + 1);
    }
    expect(locks).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600]);
    // Five at first; while the window still holds the earlier failures, one guess re-locks; as they
    // slide out of the 15-minute window (the locks outlast it), up to five again.
    expect(guessesBetween).toEqual([5, 1, 1, 1, 2, 5, 5, 5]);
  });

  it('a successful login clears the username: its failures and its lock level', () => {
    const { attempt, advance, events } = setup();
    for (let i = 0; i < 5; i++) attempt('dinkes', '10.0.0.1');
    advance(61_000);
    expect(attempt('dinkes', '10.0.0.1', true)).toBe('checked');
    expect(events()).toContain('login.succeeded-after-failures');
    for (let i = 0; i < 5; i++) expect(attempt('dinkes', '10.0.0.1')).toBe('checked');
    expect(attempt('dinkes', '10.0.0.1')).toBe(60); // back to the first lock's length
  });

  it('failures slide out of the 15-minute window', () => {
    const { attempt, advance } = setup();
    for (let i = 0; i < 4; i++) attempt('dinkes', '10.0.0.1');
    advance(15 * 60_000 + 1);
    for (let i = 0; i < 4; i++) expect(attempt('dinkes', '10.0.0.1')).toBe('checked');
    expect(attempt('dinkes', '10.0.0.1')).toBe('checked');
    expect(attempt('dinkes', '10.0.0.1')).toBe(60);
  });

  it('locks an address after 20 failures over any usernames; a success elsewhere does not reset it', () => {
    const { attempt, lines } = setup();
    for (let i = 0; i < 20; i++) {
      expect(attempt(`user-${i % 7}`, '10.0.0.9')).toBe('checked');
      if (i === 10) expect(attempt('sekretariat', '10.0.0.9', true)).toBe('checked');
    }
    expect(attempt('sekretariat', '10.0.0.9', true)).toBe(60);
    expect(lines.find((l) => l.event === 'login.locked')).toMatchObject({ ip: '10.0.0.9', lockSeconds: 60 });
    expect(attempt('sekretariat', '10.0.0.10', true)).toBe('checked');
  });

  it('counts guesses sent in parallel before any of them is answered', () => {
    const { limiter } = setup();
    const outcomes = Array.from({ length: 10 }, () => limiter.begin('dinkes', '10.0.0.1'));
    const tickets = outcomes.filter((o): o is LoginTicket => !(o instanceof LoginRefused));
    expect(tickets).toHaveLength(5);
    expect(outcomes[5]).toBeInstanceOf(LoginRefused);
  });

  it('an attempt that was not a password check (malformed body) does not count', () => {
    const { limiter, attempt } = setup();
    for (let i = 0; i < 50; i++) {
      const ticket = limiter.begin('dinkes', '10.0.0.1');
      if (ticket instanceof LoginRefused) throw new Error('refused');
      limiter.cancel(ticket);
    }
    expect(attempt('dinkes', '10.0.0.1', true)).toBe('checked');
  });

  it('an attempt without a username still counts for its address', () => {
    const { attempt } = setup();
    for (let i = 0; i < 20; i++) attempt(undefined, '10.0.0.1');
    expect(attempt('dinkes', '10.0.0.1', true)).toBe(60);
  });
});
