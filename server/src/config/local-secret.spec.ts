import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readLocalSecret, writeLocalSecret } from './config';

describe('the local token secret', () => {
  it('the first writer wins; a later one (another process starting at once) gets the winner’s', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'selaras-secret-'));
    try {
      expect(readLocalSecret(dir)).toBeUndefined();
      expect(writeLocalSecret(dir, 'a'.repeat(64))).toBe('a'.repeat(64));
      expect(writeLocalSecret(dir, 'b'.repeat(64))).toBe('a'.repeat(64));
      expect(readLocalSecret(dir)).toBe('a'.repeat(64));
      expect(readdirSync(dir)).toEqual(['token-secret']); // no temporary file left behind
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
