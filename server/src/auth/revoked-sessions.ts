import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Session ids ended by "log out", kept until the token would have expired anyway, in a small file so
 * a restart does not bring a logged-out token back to life.
 */
export class RevokedSessions {
  private readonly file: string;
  private readonly until = new Map<string, number>();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'revoked-sessions.json');
    if (existsSync(this.file)) {
      const saved = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, number>;
      for (const [sid, expiresMs] of Object.entries(saved)) this.until.set(sid, expiresMs);
    }
  }

  has(sid: string): boolean {
    return this.until.has(sid);
  }

  add(sid: string, expiresMs: number): void {
    const now = Date.now();
    for (const [id, at] of this.until) if (at <= now) this.until.delete(id);
    this.until.set(sid, expiresMs);
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(Object.fromEntries(this.until)), { mode: 0o600 });
    renameSync(temp, this.file);
  }
}
