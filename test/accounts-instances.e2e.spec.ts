import { DEMO_BOARD_ID } from '@selaras/shared';
import { ApiClient, type BoardSocket, join, waitFor } from './support/api-client';
import { startInstances, stopInstances } from './support/instances';
import { type ServerProcess, tempDataDir } from './support/server-process';
import { userCli, userCliAsync } from './support/user-cli';

jest.setTimeout(180_000);

/**
 * Issue 12: accounts and sessions with three real server processes on one data directory. Whatever
 * one instance (or the user CLI) does to an account or a session, every other instance obeys within
 * the store's delivery time: tokens refused, live sockets dropped, new passwords and roles in force.
 * Waits are bounded by LIMIT_MS (a loaded test machine); the measured times are printed at the end.
 */
const LIMIT_MS = 5000;
const PASSWORD = 'kata-sandi-awal-1';

describe('accounts across three server instances (issue 12)', () => {
  const data = tempDataDir();
  let servers: ServerProcess[];
  let secretariat: ApiClient;
  const sockets: BoardSocket[] = [];
  const measured: Array<[string, number]> = [];

  beforeAll(async () => {
    // Polling logins fail on purpose until a change has reached every instance; each poll comes from its
    // own (forwarded) address so the login lockout, shared by the instances, does not answer 429 instead.
    servers = await startInstances(3, data.dir, { SELARAS_TRUST_PROXY: 'loopback' });
    secretariat = await ApiClient.login(servers[0]!.url, 'sekretariat');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await stopInstances(servers ?? []);
    data.cleanup();
    if (measured.length > 0)
      process.stderr.write(
        `accounts across instances, action → obeyed everywhere (ms): ${measured.map(([what, ms]) => `${what} ${ms}`).join(', ')}\n`,
      );
  });

  /** The same session (token) used against another instance. */
  const at = (client: ApiClient, server: ServerProcess) =>
    new ApiClient(server.url, client.token, client.user);
  const meStatus = async (client: ApiClient, server: ServerProcess) =>
    (await at(client, server).get('/api/auth/me')).status;

  /** Polls every instance until `client`'s token gets `status` on each; records how long after `since`. */
  async function everywhere(what: string, client: ApiClient, status: number, since: number): Promise<void> {
    const deadline = Date.now() + LIMIT_MS;
    for (;;) {
      const statuses = await Promise.all(servers.map((server) => meStatus(client, server)));
      if (statuses.every((s) => s === status)) break;
      if (Date.now() > deadline)
        throw new Error(`${what}: instances answer ${statuses.join(', ')}, not ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    measured.push([what, Date.now() - since]);
  }

  let pollAddress = 0;
  async function loginsEverywhere(username: string, password: string, expected: number): Promise<void> {
    const deadline = Date.now() + LIMIT_MS;
    for (let round = 0; ; round++) {
      const statuses = await Promise.all(
        servers.map(
          async (server, i) =>
            (
              await fetch(`${server.url}/api/auth/login`, {
                method: 'POST',
                headers: {
                  'content-type': 'application/json',
                  'x-forwarded-for': `10.${(pollAddress += 1) % 250}.${round % 250}.${i + 1}`,
                },
                body: JSON.stringify({ username, password }),
              })
            ).status,
        ),
      );
      if (statuses.every((s) => s === expected)) return;
      if (Date.now() > deadline)
        throw new Error(`login ${username}: instances answer ${statuses.join(', ')}, not ${expected}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A socket of `client` on `server`, joined to the demo board; `dropped()` once it is disconnected. */
  async function liveSocket(client: ApiClient, server: ServerProcess) {
    const socket = at(client, server).socket();
    sockets.push(socket);
    let refused: NodeJS.Timeout | undefined;
    await Promise.race([
      join(socket, DEMO_BOARD_ID, -1),
      new Promise((_, reject) => {
        refused = setTimeout(() => reject(new Error(`no socket session on ${server.url}`)), LIMIT_MS);
      }),
    ]).finally(() => clearTimeout(refused));
    let dropped = false;
    socket.on('disconnect', () => (dropped = true));
    return { dropped: () => dropped };
  }

  let counter = 0;
  async function createOperator(on: ServerProcess): Promise<{ userId: string; username: string }> {
    const username = `op.multi${++counter}`;
    const created = await at(secretariat, on).request<{ userId: string }>('POST', '/api/accounts', {
      username,
      name: `Operator ${username}`,
      role: 'opd',
      opdId: 'dinkes',
      password: PASSWORD,
    });
    expect(created.status).toBe(201);
    return { userId: created.body.userId, username };
  }

  it('an account made on one instance logs in on every instance at once', async () => {
    const { username } = await createOperator(servers[0]!);
    for (const server of servers) {
      const operator = await ApiClient.login(server.url, username, PASSWORD);
      expect(operator.user.opdId).toBe('dinkes');
    }
  });

  it('a logout on one instance is refused by every instance and drops its sockets there', async () => {
    const { username } = await createOperator(servers[1]!);
    const operator = await ApiClient.login(servers[0]!.url, username, PASSWORD);
    const other = await ApiClient.login(servers[0]!.url, username, PASSWORD);
    const [onB, onC] = [await liveSocket(operator, servers[1]!), await liveSocket(operator, servers[2]!)];
    expect((await at(operator, servers[2]!).request('POST', '/api/auth/logout')).status).toBe(204);
    const since = Date.now(); // the change is committed: now every instance must obey
    await everywhere('logout', operator, 401, since);
    await waitFor(() => onB.dropped() && onC.dropped(), LIMIT_MS, 'the logged-out sockets to drop');
    // Only that session ended: the same person's other session goes on, on every instance.
    for (const server of servers) expect(await meStatus(other, server)).toBe(200);
  });

  it('disabling an account on one instance ends its sessions everywhere; no instance lets it log in', async () => {
    const { userId, username } = await createOperator(servers[2]!);
    const operator = await ApiClient.login(servers[2]!.url, username, PASSWORD);
    const onA = await liveSocket(operator, servers[0]!);
    const disabled = await at(secretariat, servers[1]!).request('POST', `/api/accounts/${userId}/disable`, {
      reason: 'Pindah tugas',
    });
    expect(disabled.status).toBe(204);
    const since = Date.now(); // the change is committed: now every instance must obey
    await everywhere('disable', operator, 401, since);
    await waitFor(onA.dropped, LIMIT_MS, 'the disabled account’s socket to drop');
    await loginsEverywhere(username, PASSWORD, 401);
  });

  it('a password changed on one instance: old sessions and the old password fail everywhere, the new one works everywhere', async () => {
    const { userId, username } = await createOperator(servers[0]!);
    const operator = await ApiClient.login(servers[0]!.url, username, PASSWORD);
    const onC = await liveSocket(operator, servers[2]!);
    const changed = await at(operator, servers[1]!).request('POST', `/api/accounts/${userId}/password`, {
      password: 'kata-sandi-baru-77',
      currentPassword: PASSWORD,
    });
    expect(changed.status).toBe(204);
    const since = Date.now(); // the change is committed: now every instance must obey
    await everywhere('password change', operator, 401, since);
    await waitFor(onC.dropped, LIMIT_MS, 'the old session’s socket to drop');
    await loginsEverywhere(username, PASSWORD, 401);
    await loginsEverywhere(username, 'kata-sandi-baru-77', 200);
  });

  it('a role changed on one instance ends the old-role sessions everywhere; new logins carry the new role', async () => {
    const { userId, username } = await createOperator(servers[1]!);
    const operator = await ApiClient.login(servers[1]!.url, username, PASSWORD);
    const onA = await liveSocket(operator, servers[0]!);
    const changed = await at(secretariat, servers[2]!).request('POST', `/api/accounts/${userId}`, {
      role: 'auditor',
      opdId: 'inspektorat',
    });
    expect(changed.status).toBe(204);
    const since = Date.now(); // the change is committed: now every instance must obey
    await everywhere('role change', operator, 401, since);
    await waitFor(onA.dropped, LIMIT_MS, 'the old role’s socket to drop');
    for (const server of servers)
      expect((await ApiClient.login(server.url, username, PASSWORD)).user.role).toBe('auditor');
  });

  it('a display link revoked on one instance stops on every instance, its projector socket included', async () => {
    const made = await at(secretariat, servers[0]!).request<{ token: string; link: { linkId: string } }>(
      'POST',
      '/api/display-links',
      { boardId: DEMO_BOARD_ID, label: 'Layar Aula' },
    );
    expect(made.status).toBe(201);
    const display = new ApiClient(servers[0]!.url, made.body.token, secretariat.user);
    for (const server of servers)
      expect((await at(display, server).get(`/api/boards/${DEMO_BOARD_ID}`)).status).toBe(200);
    const projector = await liveSocket(display, servers[1]!);
    const revoked = await at(secretariat, servers[2]!).request(
      'POST',
      `/api/display-links/${made.body.link.linkId}/revoke`,
    );
    expect(revoked.status).toBe(204);
    const since = Date.now(); // the change is committed: now every instance must obey
    await everywhere('display link revocation', display, 401, since);
    await waitFor(projector.dropped, LIMIT_MS, 'the projector’s socket to drop');
  });

  it('the user CLI changes accounts while the servers run: every instance obeys', async () => {
    userCli(
      data.dir,
      [
        'add',
        '--username',
        'op.cli',
        '--name',
        'Operator CLI',
        '--role',
        'opd',
        '--opd',
        'putr',
        '--password-stdin',
      ],
      `${PASSWORD}\n`,
    );
    await loginsEverywhere('op.cli', PASSWORD, 200);
    const operator = await ApiClient.login(servers[1]!.url, 'op.cli', PASSWORD);
    const onC = await liveSocket(operator, servers[2]!);

    userCli(data.dir, ['disable', 'op.cli', '--reason', 'cuti']);
    let since = Date.now();
    await everywhere('CLI disable', operator, 401, since);
    await waitFor(onC.dropped, LIMIT_MS, 'the CLI-disabled account’s socket to drop');
    await loginsEverywhere('op.cli', PASSWORD, 401);

    userCli(data.dir, ['enable', 'op.cli']);
    userCli(data.dir, ['reset-password', 'op.cli', '--password-stdin'], 'kata-sandi-cli-88\n');
    await loginsEverywhere('op.cli', PASSWORD, 401);
    await loginsEverywhere('op.cli', 'kata-sandi-cli-88', 200);

    const again = await ApiClient.login(servers[0]!.url, 'op.cli', 'kata-sandi-cli-88');
    userCli(data.dir, ['role', 'op.cli', 'opd', '--opd', 'dinkes']);
    since = Date.now();
    await everywhere('CLI role change', again, 401, since);
    expect((await ApiClient.login(servers[2]!.url, 'op.cli', 'kata-sandi-cli-88')).user.opdId).toBe('dinkes');

    userCli(data.dir, ['erase-password', 'op.cli']);
    await loginsEverywhere('op.cli', 'kata-sandi-cli-88', 401);
  });

  it('passwords written at once by the CLI and by two instances: no update is lost', async () => {
    const [x, y, z] = [
      await createOperator(servers[0]!),
      await createOperator(servers[0]!),
      await createOperator(servers[0]!),
    ];
    const rounds = 4;
    for (let round = 1; round <= rounds; round++) {
      const set = (server: ServerProcess, userId: string) =>
        at(secretariat, server).request('POST', `/api/accounts/${userId}/password`, {
          password: `kata-sandi-putaran-${round}`,
        });
      const answers = await Promise.all([
        userCliAsync(
          data.dir,
          ['reset-password', x.username, '--password-stdin'],
          `kata-sandi-putaran-${round}\n`,
        ),
        set(servers[1]!, y.userId),
        set(servers[2]!, z.userId),
      ]);
      expect(answers.slice(1).map((a) => (a as { status: number }).status)).toEqual([204, 204]);
    }
    for (const { username } of [x, y, z]) {
      await loginsEverywhere(username, `kata-sandi-putaran-${rounds}`, 200);
      await loginsEverywhere(username, `kata-sandi-putaran-${rounds - 1}`, 401);
    }
  });
});
