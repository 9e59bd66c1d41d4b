import { randomBytes, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import { hashPassword, verifyPassword } from './passwords';

describe('passwords', () => {
  it('hashes with bcrypt, salted: the same password gives different hashes, both verify', async () => {
    const [a, b] = await Promise.all([
      hashPassword('kata-sandi-rahasia'),
      hashPassword('kata-sandi-rahasia'),
    ]);
    expect(a).toMatch(/^\$2[aby]\$11\$/);
    expect(a).not.toBe(b);
    await expect(verifyPassword('kata-sandi-rahasia', a)).resolves.toBe(true);
    await expect(verifyPassword('kata-sandi-salah', a)).resolves.toBe(false);
  });

  it('still accepts scrypt hashes written by earlier versions, and refuses garbage', async () => {
    const salt = randomBytes(16);
    const hash = (await promisify(scrypt)('lama-sekali', salt, 32)) as Buffer;
    const stored = `scrypt$${salt.toString('hex')}$${hash.toString('hex')}`;
    await expect(verifyPassword('lama-sekali', stored)).resolves.toBe(true);
    await expect(verifyPassword('lain', stored)).resolves.toBe(false);
    await expect(verifyPassword('x', 'md5$abc')).resolves.toBe(false);
  });
});
