import { scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/**
 * bcrypt (cost 11): the password hash issue 5 names, in pure JavaScript (no native addon to build on
 * a kabupaten's server). bcrypt reads only the first 72 bytes; the schema caps passwords at 200
 * characters, and 72 bytes of a real passphrase are far beyond guessing under the login lockout.
 */
const COST = 11;

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

/** Checks bcrypt hashes, and the salted scrypt hashes written before (`scrypt$<salt>$<hash>`). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$2')) return bcrypt.compare(password, stored);
  const [scheme, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = await scryptAsync(password, Buffer.from(saltHex, 'hex'), expected.length);
  return timingSafeEqual(actual, expected);
}
