import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ACCOUNTS_STREAM } from '@selaras/shared';
import { SqliteEventStore } from '../event-store/sqlite-event-store';
import { scrubPlaintextPasswords, withoutSecrets } from './account-secrets';
import { AccountsRepository } from './accounts-repository';

/** What versions before issue 12 wrote for an account made on the Akun page. */
const leaked = {
  id: randomUUID(),
  type: 'AccountCreated',
  data: {
    userId: 'u-1',
    username: 'op.lama',
    name: 'Operator Lama',
    role: 'opd',
    opdId: 'dinkes',
    password: 'kata-sandi-bocor-123',
  },
  meta: {
    actor: { id: 'u-sekretariat', name: 'S', role: 'sekretariat', opdId: 'bappeda' },
    at: '2025-03-01T00:00:00Z',
  },
};

describe('plain-text passwords of earlier versions', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'selaras-secrets-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are never folded into the account history', async () => {
    const store = new SqliteEventStore({ filename: ':memory:' });
    await store.appendToStream(ACCOUNTS_STREAM, [leaked]);
    const repo = new AccountsRepository(store);
    await repo.load();
    expect(JSON.stringify(repo.log)).not.toContain('kata-sandi-bocor-123');
    expect(repo.current.byUsername['op.lama']).toBe('u-1');
    expect(withoutSecrets({ type: 'ProgramCommented', data: { password: 'x' } }).data).toEqual({
      password: 'x',
    });
    await store.close();
  });

  it('are removed from the SQLite file in place at start-up, bytes included', async () => {
    const file = path.join(dir, 'selaras.sqlite');
    const store = new SqliteEventStore({ filename: file });
    await store.appendToStream(ACCOUNTS_STREAM, [leaked]);
    await store.appendToStream('board-x', [{ ...leaked, id: randomUUID(), type: 'SomethingElse' }]);
    await store.close();
    expect(scrubPlaintextPasswords(file)).toBe(1);
    expect(scrubPlaintextPasswords(file)).toBe(0);
    const again = new SqliteEventStore({ filename: file });
    const [event] = await again.readStream(ACCOUNTS_STREAM);
    expect(event?.data).toEqual({
      userId: 'u-1',
      username: 'op.lama',
      name: 'Operator Lama',
      role: 'opd',
      opdId: 'dinkes',
    });
    // Only the accounts stream's AccountCreated is touched.
    expect((await again.readStream('board-x'))[0]?.data).toMatchObject({ password: 'kata-sandi-bocor-123' });
    await again.close();
    const bytes = readdirSync(dir).map((name) => readFileSync(path.join(dir, name)).toString('latin1'));
    expect(bytes.join('').split('kata-sandi-bocor-123').length - 1).toBe(1); // the board-x copy only
  });
});
