import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Password hashes, kept out of the immutable event log so they can be rotated and erased: one JSON
 * file in the data directory, readable by the server's user only, replaced atomically on each change.
 */
export class CredentialsStore {
  private readonly file: string;
  private hashes: Record<string, string>;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'credentials.json');
    this.hashes = existsSync(this.file)
      ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>)
      : {};
  }

  get(userId: string): string | undefined {
    return Object.hasOwn(this.hashes, userId) ? this.hashes[userId] : undefined;
  }

  set(userId: string, hash: string): void {
    this.hashes = { ...this.hashes, [userId]: hash };
    this.write();
  }

  /** Erases a hash for good (a disabled account keeps no password). */
  erase(userId: string): void {
    if (!Object.hasOwn(this.hashes, userId)) return;
    const { [userId]: _erased, ...rest } = this.hashes;
    this.hashes = rest;
    this.write();
  }

  /** Re-reads the file: another process (the user CLI) may have changed it. */
  reload(): void {
    if (existsSync(this.file))
      this.hashes = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>;
  }

  private write(): void {
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(this.hashes, null, 2), { mode: 0o600 });
    renameSync(temp, this.file);
    chmodSync(this.file, 0o600);
  }
}
