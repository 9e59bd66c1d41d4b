import type { Credentials } from './credentials.port';

/**
 * What every credentials store promises (`credentials.port.ts`). `open()` gives two handles on one
 * store, as two server processes (or a server and the user CLI) have.
 */
export function credentialsContract(
  name: string,
  open: () => Promise<{ a: Credentials; b: Credentials; cleanup: () => Promise<void> }>,
): void {
  describe(`credentials contract: ${name}`, () => {
    let a: Credentials;
    let b: Credentials;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ a, b, cleanup } = await open()));
    afterEach(() => cleanup());

    it('stores a hash per account, seen by every handle; none for an unknown account', async () => {
      await expect(a.get('u-1')).resolves.toBeUndefined();
      await expect(a.set('u-1', 'hash-1', 3)).resolves.toBe(true);
      await expect(b.get('u-1')).resolves.toEqual({ userId: 'u-1', hash: 'hash-1', revision: 3 });
      await expect(b.get('u-2')).resolves.toBeUndefined();
    });

    it('keeps the hash of the later event whatever order the writes arrive in', async () => {
      await a.set('u-1', 'newer', 7);
      await expect(b.set('u-1', 'older', 5)).resolves.toBe(false);
      await expect(b.set('u-1', 'same revision again', 7)).resolves.toBe(false);
      await expect(a.get('u-1')).resolves.toMatchObject({ hash: 'newer', revision: 7 });
      await expect(b.set('u-1', 'newest', 9)).resolves.toBe(true);
      await expect(a.get('u-1')).resolves.toMatchObject({ hash: 'newest', revision: 9 });
    });

    it('an imported hash (revision -1) lands only where the account has none', async () => {
      await a.set('u-1', 'set by an event', 0);
      await expect(b.set('u-1', 'from credentials.json', -1)).resolves.toBe(false);
      await expect(b.set('u-2', 'from credentials.json', -1)).resolves.toBe(true);
      await expect(b.set('u-2', 'from credentials.json', -1)).resolves.toBe(false);
      await expect(a.get('u-1')).resolves.toMatchObject({ hash: 'set by an event' });
      await expect(a.get('u-2')).resolves.toMatchObject({ hash: 'from credentials.json' });
    });

    it('erases a hash for good; a later password can be set again', async () => {
      await a.set('u-1', 'hash-1', 1);
      await b.erase('u-1');
      await expect(a.get('u-1')).resolves.toBeUndefined();
      await b.erase('u-1'); // nothing left to erase
      await expect(a.set('u-1', 'hash-2', 4)).resolves.toBe(true);
      await expect(b.get('u-1')).resolves.toMatchObject({ hash: 'hash-2', revision: 4 });
    });

    it('loses no update when two writers change many accounts at once', async () => {
      const writes = Array.from({ length: 40 }, (_, i) => ({ userId: `u-${i % 20}`, revision: i }));
      await Promise.all(
        writes.map(({ userId, revision }) =>
          (revision % 2 ? a : b).set(userId, `hash-${revision}`, revision),
        ),
      );
      for (let i = 0; i < 20; i++)
        await expect(a.get(`u-${i}`)).resolves.toMatchObject({ hash: `hash-${i + 20}`, revision: i + 20 });
    });
  });
}
