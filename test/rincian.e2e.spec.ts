import type {
  BoardResponse,
  CommandResponse,
  CompareResponse,
  ErrorResponse,
  NomenclatureSearchResponse,
  NomenclatureVersionSummary,
  ProgramHistoryResponse,
  RecordedEvent,
} from '@selaras/shared';
import { NOMENCLATURE_2021_PROGRAMS, NOMENCLATURE_FULL_VERSION, rincianCounts } from '@selaras/shared';
import { fullNomenclature } from '../shared/src/testing/full-nomenclature.spec-helper';
import { ApiClient } from './support/api-client';
import { type ServerProcess, startServer, tempDataDir } from './support/server-process';

jest.setTimeout(60_000);

// Issue 11 over HTTP against a started server: search, bidang warnings, the OPD–bidang mapping, moving
// a board to another nomenclature version, and kegiatan / sub-kegiatan commands with their history,
// comparison and revert. Real codes only, from the shipped nomenclature.
const BOARD = 'banyuasin-2025-2029';
const FULL = fullNomenclature();
const children = (code: string) => FULL.children!.get(code)!.filter((c) => c.split('.')[3] !== '3');
const title = (code: string) => FULL.entries.get(code)!.title;
// 1.02.03 (Dinas Kesehatan) has no kegiatan on the demo board.
const PROGRAM = 'dinkes-1-02-03';
const KEGIATAN = children('1.02.03')[0]!;
const [SUB, SUB_2] = children(KEGIATAN);

describe('issue 11 over the API', () => {
  let server: ServerProcess;
  let data: ReturnType<typeof tempDataDir>;
  let sekretariat: ApiClient;
  let dinkes: ApiClient;
  let disdik: ApiClient;
  let auditor: ApiClient;

  beforeAll(async () => {
    data = tempDataDir();
    server = await startServer(data.dir);
    [sekretariat, dinkes, disdik, auditor] = (await Promise.all(
      ['sekretariat', 'dinkes', 'disdik', 'inspektorat'].map((u) => ApiClient.login(server.url, u)),
    )) as [ApiClient, ApiClient, ApiClient, ApiClient];
  });

  afterAll(async () => {
    await server?.stop();
    data?.cleanup();
  });

  const revision = () => sekretariat.revision(BOARD);
  const board = async () => (await sekretariat.get<BoardResponse>(`/api/boards/${BOARD}`)).body.board;

  describe('the nomenclature', () => {
    it('lists the full version with its counts and serves its rows', async () => {
      const res = await dinkes.get<NomenclatureVersionSummary[]>('/api/nomenclature');
      const full = res.body.find((v) => v.version === NOMENCLATURE_FULL_VERSION);
      expect(full?.counts).toMatchObject({ urusan: 9, bidang: 49, program: 237 });
    });

    it('searches by code prefix and by words, under a code and per level', async () => {
      const search = (query: string) =>
        dinkes.get<NomenclatureSearchResponse>(
          `/api/nomenclature/${NOMENCLATURE_FULL_VERSION}/search?${query}`,
        );
      const byCode = await search('q=1.02.0&level=program');
      expect(byCode.status).toBe(200);
      expect(byCode.body.results.map((e) => e.code)).toEqual(FULL.children!.get('1.02'));
      const words = await search(`q=${encodeURIComponent('air minum')}&level=program`);
      expect(words.body.results.map((e) => e.code)).toContain('1.03.03');
      const under = await search(`under=${KEGIATAN}&level=subKegiatan&limit=100`);
      expect(under.body.results.map((e) => e.code)).toEqual(FULL.children!.get(KEGIATAN));
      // The decree's indicator comes with a sub-kegiatan.
      expect(under.body.results[0]).toMatchObject({ level: 'subKegiatan', parent: KEGIATAN });
      const both = await search('q=kesehatan&level=program,kegiatan&limit=5');
      expect(both.body.results).toHaveLength(5);
      // The early sample list is searchable too (boards made with it keep working).
      const sample = await dinkes.get<NomenclatureSearchResponse>(
        `/api/nomenclature/${encodeURIComponent(NOMENCLATURE_2021_PROGRAMS.version)}/search?q=jalan`,
      );
      expect(sample.body.results.map((e) => e.code)).toEqual(['1.03.10']);
    });

    it.each([
      ['limit=0', 400],
      ['limit=1000', 400],
      ['limit=abc', 400],
      ['level=program,desa', 400],
      ['under=1.2.3', 400],
      ['q=' + 'x'.repeat(201), 400],
      ['extra=1', 400],
    ])('answers %s with a bilingual 4xx', async (query, status) => {
      const res = await dinkes.get<ErrorResponse>(
        `/api/nomenclature/${NOMENCLATURE_FULL_VERSION}/search?${query}`,
      );
      expect(res.status).toBe(status);
      expect(res.body.message).toBeTruthy();
      expect(res.body.messageEn).toBeTruthy();
    });

    it('answers 404 for an unknown version, a generated synthetic one included', async () => {
      for (const version of ['tidak-ada', 'synthetic-999999']) {
        const res = await dinkes.get<ErrorResponse>(`/api/nomenclature/${version}/search?q=a`);
        expect(res.status).toBe(404);
        expect(res.body.error).toBe('UnknownNomenclature');
      }
    });
  });

  describe('the OPD–bidang mapping and its warning', () => {
    it('maps the demo OPDs to the bidang of their programs', async () => {
      const state = await board();
      expect(state.nomenclatureVersion).toBe(NOMENCLATURE_FULL_VERSION);
      expect(state.opdBidang?.dinkes).toEqual(['1.02']);
      expect(state.opdBidang?.putr).toEqual(['1.03']);
    });

    it('warns, not refuses, when an OPD proposes outside its bidang; says nothing inside it', async () => {
      const outside = await dinkes.command<CommandResponse>(
        BOARD,
        'ProposeProgram',
        { code: '1.03.10', title: title('1.03.10'), opdId: 'dinkes' },
        await revision(),
      );
      expect(outside.status).toBe(200);
      expect(outside.body.events).toHaveLength(1);
      expect(outside.body.warnings).toEqual([
        expect.objectContaining({ code: 'OutsideOpdBidang', message: expect.stringContaining('1.03') }),
      ]);
      expect(outside.body.warnings?.[0]?.messageEn).toContain('Dinas Kesehatan');
      const inside = await dinkes.command<CommandResponse>(
        BOARD,
        'ProposeProgram',
        { code: '1.02.04', title: title('1.02.04'), opdId: 'dinkes' },
        await revision(),
      );
      expect(inside.status).toBe(200);
      expect(inside.body.warnings).toEqual([]);
    });

    it('lets only the secretariat set the mapping, and refuses unknown bidang; a refusal appends nothing', async () => {
      const before = await revision();
      const forbidden = await dinkes.command(
        BOARD,
        'SetOpdBidang',
        { opdId: 'dinkes', bidang: ['1.03'] },
        before,
      );
      expect(forbidden.status).toBe(403);
      const unknown = await sekretariat.command<ErrorResponse>(
        BOARD,
        'SetOpdBidang',
        { opdId: 'dinkes', bidang: ['1.99'] },
        before,
      );
      expect([unknown.status, unknown.body.error]).toEqual([400, 'UnknownCode']);
      const notBidang = await sekretariat.command(
        BOARD,
        'SetOpdBidang',
        { opdId: 'dinkes', bidang: ['1.02.02'] },
        before,
      );
      expect(notBidang.status).toBe(400);
      expect(await revision()).toBe(before);
      const ok = await sekretariat.command(
        BOARD,
        'SetOpdBidang',
        { opdId: 'dishub', bidang: ['2.15'] },
        before,
      );
      expect(ok.status).toBe(200);
      expect((await board()).opdBidang?.dishub).toEqual(['2.15']);
    });
  });

  describe('kegiatan and sub-kegiatan', () => {
    let addedAt = -1;

    it('adds a kegiatan and a sub-kegiatan with the decree indicator, then revises pagu per year', async () => {
      const start = await revision();
      const kegiatan = await dinkes.command<CommandResponse>(
        BOARD,
        'AddKegiatan',
        { programId: PROGRAM, code: KEGIATAN },
        start,
      );
      expect(kegiatan.status).toBe(200);
      addedAt = kegiatan.body.revision;
      const entry = FULL.entries.get(SUB!)!;
      const sub = await dinkes.command<CommandResponse>(
        BOARD,
        'AddSubKegiatan',
        {
          programId: PROGRAM,
          code: SUB,
          indicators: [
            {
              id: 'ind-1',
              kinerja: entry.kinerja,
              name: entry.indikator,
              unit: entry.satuan,
              baseline: null,
              targets: {},
            },
          ],
        },
        kegiatan.body.revision,
      );
      expect(sub.status).toBe(200);
      const revise = await dinkes.command<CommandResponse>(
        BOARD,
        'ReviseSubKegiatan',
        { programId: PROGRAM, code: SUB, changes: { pagu: { '2026': 1_250_000_000 } } },
        sub.body.revision,
      );
      expect(revise.status).toBe(200);
      const program = (await board()).programs[PROGRAM]!;
      const k = program.kegiatan![KEGIATAN]!;
      expect(k.title).toBe(title(KEGIATAN));
      expect(k.subKegiatan[SUB!]).toMatchObject({
        pagu: { '2026': 1_250_000_000 },
        indicators: [{ unit: entry.satuan }],
      });
    });

    it("refuses another OPD on Dinas Kesehatan's program, an auditor, and a code of another program; nothing appended", async () => {
      const before = await revision();
      const refusals: Array<[ApiClient, string, unknown, number, string]> = [
        [disdik, 'AddSubKegiatan', { programId: PROGRAM, code: SUB_2 }, 403, 'Forbidden'],
        [
          disdik,
          'ReviseSubKegiatan',
          { programId: PROGRAM, code: SUB, changes: { notes: 'x' } },
          403,
          'Forbidden',
        ],
        [disdik, 'ArchiveKegiatan', { programId: PROGRAM, code: KEGIATAN }, 403, 'Forbidden'],
        [auditor, 'AddSubKegiatan', { programId: PROGRAM, code: SUB_2 }, 403, 'Forbidden'],
        [
          dinkes,
          'AddKegiatan',
          { programId: PROGRAM, code: children('1.02.02')[0] },
          400,
          'CodeNotUnderParent',
        ],
        [dinkes, 'AddSubKegiatan', { programId: PROGRAM, code: '1.02.03.2.01.9999' }, 400, 'UnknownCode'],
        [
          dinkes,
          'ReviseSubKegiatan',
          { programId: PROGRAM, code: SUB, changes: { pagu: { '2026': -5 } } },
          400,
          'ValidationFailed',
        ],
      ];
      for (const [client, type, payload, status, error] of refusals) {
        const res = await client.command<ErrorResponse>(BOARD, type, payload, before);
        expect([type, res.status, res.body.error]).toEqual([type, status, error]);
        expect(res.body.messageEn).toBeTruthy();
      }
      expect(await revision()).toBe(before);
    });

    it('answers 409 with theirs when two people change the same year of one sub-kegiatan', async () => {
      const base = await revision();
      const first = await sekretariat.command(
        BOARD,
        'ReviseSubKegiatan',
        { programId: PROGRAM, code: SUB, changes: { pagu: { '2027': 5 } } },
        base,
      );
      expect(first.status).toBe(200);
      const other = await dinkes.command(
        BOARD,
        'ReviseSubKegiatan',
        { programId: PROGRAM, code: SUB, changes: { pagu: { '2028': 6 } } },
        base,
      );
      expect(other.status).toBe(200); // another year merges
      const same = await dinkes.command<{ conflicts: RecordedEvent[] }>(
        BOARD,
        'ReviseSubKegiatan',
        { programId: PROGRAM, code: SUB, changes: { pagu: { '2027': 7 } } },
        base,
      );
      expect(same.status).toBe(409);
      expect(same.body.conflicts.map((e) => e.type)).toEqual(['SubKegiatanRevised']);
    });

    it('shows the kegiatan events in the program history and in the comparison', async () => {
      const history = await auditor.get<ProgramHistoryResponse>(
        `/api/boards/${BOARD}/programs/${PROGRAM}/history`,
      );
      const rincian = history.body.entries.filter((e) => e.rincian);
      expect(rincian.map((e) => e.type)).toEqual(
        expect.arrayContaining(['KegiatanAdded', 'SubKegiatanAdded', 'SubKegiatanRevised']),
      );
      const added = rincian.find((e) => e.type === 'SubKegiatanAdded')!;
      expect(added.rincian).toEqual({ level: 'subKegiatan', code: SUB, title: title(SUB!) });
      const compare = await auditor.get<CompareResponse>(
        `/api/boards/${BOARD}/compare?from=${addedAt - 1}&to=${await revision()}`,
      );
      const program = compare.body.rincian!.find((p) => p.programId === PROGRAM)!;
      expect(program.changes.map((c) => [c.code, c.kind])).toEqual([
        [KEGIATAN, 'added'],
        [SUB, 'added'],
      ]);
      expect(program.programPagu).toContainEqual({ field: 'pagu.2026', before: null, after: 1_250_000_000 });
    });

    it('reverts the tree to a revision as ordinary events (RevertProgram part rincian)', async () => {
      const res = await dinkes.command<CommandResponse>(
        BOARD,
        'RevertProgram',
        {
          programId: PROGRAM,
          toRevision: addedAt - 1,
          parts: ['rincian'],
          reason: 'Uji pengembalian rincian',
        },
        await revision(),
      );
      expect(res.status).toBe(200);
      // The kegiatan was not there then: it is archived (never deleted), its sub-kegiatan with it.
      expect(res.body.events.map((e) => e.type)).toEqual(['KegiatanArchived']);
      expect(
        res.body.events.every((e) => (e.data as { revertedTo?: number }).revertedTo === addedAt - 1),
      ).toBe(true);
      const program = (await board()).programs[PROGRAM]!;
      expect(program.kegiatan![KEGIATAN]!.archived).toBe(true);
      expect(rincianCounts(program)).toEqual({ kegiatan: 0, subKegiatan: 0 });
    });
  });

  describe('moving the board to another nomenclature version', () => {
    it('refuses an OPD and an unknown version, then records what was renamed and removed', async () => {
      const before = await revision();
      expect(
        (
          await dinkes.command(
            BOARD,
            'ChangeNomenclature',
            { version: NOMENCLATURE_2021_PROGRAMS.version },
            before,
          )
        ).status,
      ).toBe(403);
      const unknown = await sekretariat.command<ErrorResponse>(
        BOARD,
        'ChangeNomenclature',
        { version: 'tidak-ada' },
        before,
      );
      expect(unknown.body.error).toBe('UnknownNomenclature');
      expect(await revision()).toBe(before);
      // To the early sample list: no kegiatan there, so every kegiatan code is listed as removed.
      const moved = await sekretariat.command<CommandResponse>(
        BOARD,
        'ChangeNomenclature',
        { version: NOMENCLATURE_2021_PROGRAMS.version },
        before,
      );
      expect(moved.status).toBe(200);
      const event = moved.body.events[0] as RecordedEvent & { type: 'NomenclatureChanged' };
      expect(event.data.removed).toContain(KEGIATAN);
      expect(event.data.retitled.find((r) => r.code === '1.02.02')?.after).toBe(
        'Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat',
      );
      const state = await board();
      expect(state.nomenclatureVersion).toBe(NOMENCLATURE_2021_PROGRAMS.version);
      // And back: the board keeps folding and working on the full list.
      const back = await sekretariat.command(
        BOARD,
        'ChangeNomenclature',
        { version: NOMENCLATURE_FULL_VERSION },
        await revision(),
      );
      expect(back.status).toBe(200);
      expect((await board()).programs['dinkes-1-02-02']!.title).toBe(title('1.02.02'));
    });
  });
});
