import type { ErrorResponse } from '@selaras/shared';
import { ApiClient, join } from './support/api-client';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

jest.setTimeout(30_000);

describe('sessions expire', () => {
  let server: ServerProcess;
  let data: ReturnType<typeof tempDataDir>;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startServer(data.dir, { SELARAS_TOKEN_TTL_SECONDS: '2' });
  });

  afterAll(async () => {
    await server?.stop();
    data?.cleanup();
  });

  it('an expired token gets 401 saying so, and its live socket is closed with a reason', async () => {
    const dinkes = await ApiClient.login(server.url, 'dinkes');
    expect((await dinkes.get('/api/boards')).status).toBe(200);
    const socket = dinkes.socket();
    const reasons: string[] = [];
    socket.on('board:error', (e) => reasons.push(e.error));
    const closed = new Promise<string>((resolve) => socket.on('disconnect', resolve));
    await join(socket, 'banyuasin-2025-2029', -1);
    expect(await closed).toBe('io server disconnect');
    expect(reasons).toContain('SessionExpired');
    const res = await dinkes.get<ErrorResponse>('/api/boards');
    expect(res.status).toBe(401);
    expect(res.body.messageEn).toMatch(/expired/);
  });
});
