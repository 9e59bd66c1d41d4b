/**
 * Counts wrong current passwords in own-password changes per account. The login lockout does not see
 * this route, and whoever holds a session could otherwise guess the password behind it at bcrypt
 * speed; at the limit the caller ends every session of the account, which stops the guessing (the
 * owner logs in again). Counted per process: with N instances a guesser gets at most N × LIMIT tries
 * per session, then needs the password to log in again anyway.
 */
export class WrongPasswordGuard {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a wrong password; true when it reaches the limit (the count starts again). */
  fail(userId: string): boolean {
    const now = this.now();
    const recent = (this.failures.get(userId) ?? []).filter((at) => at > now - this.windowMs);
    recent.push(now);
    if (recent.length >= this.limit) {
      this.failures.delete(userId);
      return true;
    }
    this.failures.set(userId, recent);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value as string);
    return false;
  }

  clear(userId: string): void {
    this.failures.delete(userId);
  }
}
