import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sampleRows, spreadOpds } from '@selaras/server/dist/import/sample-tables';
import { sampleXlsx } from '@selaras/server/dist/import/sample-writers';
import {
  SHIPPED_NOMENCLATURE_DIR,
  loadNomenclatures,
} from '@selaras/server/dist/nomenclature/nomenclature-files';
import {
  BANYUASIN_OPDS,
  BANYUASIN_REFERENCE_LISTS,
  DEFAULT_STAGES,
  type ImportPreview,
  NOMENCLATURE_FULL_VERSION,
  nomenclatureByVersion,
} from '@selaras/shared';
import ExcelJS from 'exceljs';
import { type BenchResult, nowMs, percentile } from './harness';
import { login, postJson } from './http-client';
import { startSelaras } from './processes';

const ROWS = 5_000;
const BOARD = 'sintetis-impor';

/**
 * Import of a 5,000-row Renstra-style XLSX (real codes from the nomenclature, every bidang dealt out to
 * the demo OPDs, fictitious figures; a synthetic board): the preview over HTTP end to end (upload,
 * zip guard and exceljs in the worker thread, planning, the JSON answer) on an empty board and again
 * on the board the import filled (every row unchanged), and the confirm of the 5,000 commands. The raw
 * limit from the same run is exceljs' bare parse of the same file in this process.
 */
export async function importBenchmarks(): Promise<BenchResult[]> {
  loadNomenclatures([path.join(SHIPPED_NOMENCLATURE_DIR, NOMENCLATURE_FULL_VERSION)]);
  const nomenclature = nomenclatureByVersion(NOMENCLATURE_FULL_VERSION)!;
  const rows = sampleRows({
    nomenclature,
    opds: spreadOpds(
      nomenclature,
      BANYUASIN_OPDS.map((o) => o.name),
    ),
    programsPerOpd: 99,
    kegiatanPerProgram: 99,
    subPerKegiatan: 99,
    includeSupport: true,
    maxRows: ROWS,
  });
  if (rows.length !== ROWS) throw new Error(`only ${rows.length} rows from the nomenclature`);
  const file = await sampleXlsx(rows, {
    title: 'Data sintetis untuk uji beban impor (bukan data nyata)',
    notes: [],
  });

  const bare: number[] = [];
  for (let i = 0; i < 6; i++) {
    const started = nowMs();
    await new ExcelJS.Workbook().xlsx.load(file as unknown as ArrayBuffer);
    if (i > 0) bare.push(nowMs() - started);
  }

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'selaras-bench-import-'));
  const server = await startSelaras(dataDir, {
    SELARAS_TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret',
  });
  try {
    const token = await login(server.url, 'sekretariat');
    const created = await postJson(
      `${server.url}/api/boards/${BOARD}/commands`,
      {
        commandId: '00000000-0000-4000-8000-000000000001',
        type: 'CreateBoard',
        baseRevision: -1,
        data: {
          boardId: BOARD,
          title: 'Papan sintetis impor 5.000 baris (data uji, bukan data nyata)',
          synthetic: true,
          nomenclatureVersion: NOMENCLATURE_FULL_VERSION,
          columns: DEFAULT_STAGES,
          opds: BANYUASIN_OPDS,
          referenceLists: BANYUASIN_REFERENCE_LISTS,
        },
      },
      token,
    );
    if (created.status !== 200) throw new Error(`CreateBoard ${created.status}`);
    const preview = async () => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)]), 'sintetis.xlsx');
      const started = nowMs();
      const res = await fetch(`${server.url}/api/boards/${BOARD}/import/preview`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      const body = (await res.json()) as ImportPreview;
      if (res.status !== 200) throw new Error(`preview ${res.status} ${JSON.stringify(body)}`);
      return { ms: nowMs() - started, body };
    };
    await preview(); // warm-up: starts the worker thread, JIT
    const fresh: number[] = [];
    let plan: ImportPreview | undefined;
    for (let i = 0; i < 5; i++) {
      const run = await preview();
      fresh.push(run.ms);
      plan = run.body;
    }
    if (plan!.counts.new !== ROWS)
      throw new Error(`expected ${ROWS} new rows: ${JSON.stringify(plan!.counts)}`);

    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), 'sintetis.xlsx');
    form.append('baseRevision', String(plan!.baseRevision));
    form.append('digest', plan!.digest);
    const started = nowMs();
    const confirmed = await fetch(`${server.url}/api/boards/${BOARD}/import/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const result = (await confirmed.json()) as { status: string; applied: number };
    const confirmMs = nowMs() - started;
    if (confirmed.status !== 200 || result.status !== 'done')
      throw new Error(`confirm ${JSON.stringify(result)}`);

    const again: number[] = [];
    for (let i = 0; i < 3; i++) {
      const run = await preview();
      if (run.body.commands.length !== 0) throw new Error('re-import planned commands');
      again.push(run.ms);
    }
    const median = (xs: number[]) => percentile(xs, 50);
    return [
      {
        name: `import preview, ${ROWS.toLocaleString('en-US')}-row XLSX, empty board (median of 5, HTTP end to end)`,
        figure: median(fresh),
        unit: 'ms',
        raw: { name: 'exceljs bare load of the same file, median', value: median(bare), unit: 'ms' },
        goal: '≤ 2,000 ms',
        pass: median(fresh) <= 2000,
        details: { max: Math.round(Math.max(...fresh)), fileKiB: Math.round(file.length / 1024) },
      },
      {
        name: `import preview, the same file again on the filled board (all ${ROWS.toLocaleString('en-US')} unchanged, median of 3)`,
        figure: median(again),
        unit: 'ms',
        raw: { name: 'exceljs bare load of the same file, median', value: median(bare), unit: 'ms' },
        goal: '≤ 2,000 ms',
        pass: median(again) <= 2000,
      },
      {
        name: `import confirm, ${result.applied.toLocaleString('en-US')} commands through the command path`,
        figure: confirmMs,
        unit: 'ms',
        details: { commandsPerSecond: Math.round((result.applied / confirmMs) * 1000) },
      },
    ];
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
