import {
  NOMENCLATURE_FULL_VERSION,
  type NomenclatureSource,
  type NomenclatureVersionSummary,
  nomenclatureFromSource,
} from '@selaras/shared';
import { ApiClient } from './support/api-client';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

jest.setTimeout(60_000);

describe('nomenclature versions over HTTP', () => {
  let server: ServerProcess;
  let data: ReturnType<typeof tempDataDir>;
  let client: ApiClient;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startServer(data.dir);
    client = await ApiClient.login(server.url, 'dinkes');
  });
  afterAll(async () => {
    await server?.stop();
    data?.cleanup();
  });

  it('lists the shipped full version with its counts per level', async () => {
    const { status, body } = await client.get<NomenclatureVersionSummary[]>('/api/nomenclature');
    expect(status).toBe(200);
    const full = body.find((v) => v.version === NOMENCLATURE_FULL_VERSION);
    expect(full?.counts).toMatchObject({ urusan: 9, bidang: 49, program: 188 + 49 });
  });

  it('hands out the rows a client builds the same lookup from, cacheable for good', async () => {
    const res = await fetch(`${server.url}/api/nomenclature/${NOMENCLATURE_FULL_VERSION}`, {
      headers: { authorization: `Bearer ${client.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    const source = (await res.json()) as NomenclatureSource;
    expect(source.subKegiatan).toHaveLength(3625);
    const { body } = await client.get<NomenclatureVersionSummary[]>('/api/nomenclature');
    const counts = body.find((v) => v.version === NOMENCLATURE_FULL_VERSION)!.counts;
    const built = [...nomenclatureFromSource(source).entries.values()];
    expect(built.filter((e) => e.level === 'subKegiatan')).toHaveLength(counts.subKegiatan);
  });

  it('answers an unknown version with a bilingual 404 and refuses anyone without a token', async () => {
    const { status, body } = await client.get<{ error: string; messageEn: string }>(
      '/api/nomenclature/tidak-ada',
    );
    expect(status).toBe(404);
    expect(body.error).toBe('UnknownNomenclature');
    expect(body.messageEn).toMatch(/Unknown nomenclature version/);
    expect((await fetch(`${server.url}/api/nomenclature`)).status).toBe(401);
  });
});
