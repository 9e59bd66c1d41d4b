import {
  BANYUASIN_OPDS,
  BANYUASIN_REFERENCE_LISTS,
  DEFAULT_STAGES,
  type ImportPreview,
  type ImportResult,
  NOMENCLATURE_FULL_VERSION,
  type BoardResponse,
  type Nomenclature,
  nomenclatureByVersion,
} from '@selaras/shared';
import {
  loadNomenclatures,
  SHIPPED_NOMENCLATURE_DIR,
} from '../../server/src/nomenclature/nomenclature-files';
import { SAMPLE_COLUMNS, type SampleOpd, sampleRows } from '../../server/src/import/sample-tables';
import { sampleCsv, sampleXlsx } from '../../server/src/import/sample-writers';
import path from 'node:path';
import type { ApiClient } from './api-client';

/** The shipped full nomenclature, loaded here as the server loads it (for generating files). */
export function fullNomenclature(): Nomenclature {
  const known = nomenclatureByVersion(NOMENCLATURE_FULL_VERSION);
  if (known) return known;
  loadNomenclatures([path.join(SHIPPED_NOMENCLATURE_DIR, NOMENCLATURE_FULL_VERSION)]);
  return nomenclatureByVersion(NOMENCLATURE_FULL_VERSION)!;
}

/** A board on the full nomenclature with the demo kabupaten's OPDs (created as the secretariat). */
export async function createRincianBoard(secretariat: ApiClient, boardId: string): Promise<void> {
  const answer = await secretariat.command(
    boardId,
    'CreateBoard',
    {
      boardId,
      title: `Papan uji impor ${boardId} (Data contoh)`,
      sample: true,
      nomenclatureVersion: NOMENCLATURE_FULL_VERSION,
      columns: DEFAULT_STAGES,
      opds: BANYUASIN_OPDS,
      referenceLists: BANYUASIN_REFERENCE_LISTS,
    },
    -1,
  );
  if (answer.status !== 200) throw new Error(`CreateBoard ${answer.status} ${JSON.stringify(answer.body)}`);
}

export interface UploadFile {
  bytes: Buffer;
  name: string;
}

/** POST …/import/<step> as multipart: the file and the text fields. */
export async function upload<T = unknown>(
  client: ApiClient,
  boardId: string,
  step: 'preview' | 'confirm',
  file: UploadFile | null,
  fields: Record<string, string> = {},
  accept = 'application/json',
): Promise<{ status: number; body: T; text: string }> {
  const form = new FormData();
  if (file) form.append('file', new Blob([new Uint8Array(file.bytes)]), file.name);
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  const res = await fetch(`${client.url}/api/boards/${boardId}/import/${step}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.token}`, accept },
    body: form,
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, body: body as T, text };
}

export function preview(
  client: ApiClient,
  boardId: string,
  file: UploadFile,
  fields: Record<string, string> = {},
) {
  return upload<ImportPreview>(client, boardId, 'preview', file, fields);
}

/** Confirms a preview with the same file and fields. */
export function confirm(
  client: ApiClient,
  boardId: string,
  file: UploadFile,
  of: ImportPreview,
  fields: Record<string, string> = {},
) {
  return upload<ImportResult & { error?: string; result?: ImportResult }>(client, boardId, 'confirm', file, {
    ...fields,
    baseRevision: String(of.baseRevision),
    digest: of.digest,
  });
}

export async function board(client: ApiClient, boardId: string): Promise<BoardResponse> {
  const res = await client.get<BoardResponse>(`/api/boards/${boardId}`);
  if (res.status !== 200) throw new Error(`GET board ${res.status}`);
  return res.body;
}

/** A sample table (real codes, fictitious figures) as an XLSX or CSV upload. */
export async function sampleFile(
  opds: SampleOpd[],
  format: 'xlsx' | 'csv',
  size = { programsPerOpd: 1, kegiatanPerProgram: 2, subPerKegiatan: 2 },
  maxRows?: number,
): Promise<UploadFile & { rows: unknown[][] }> {
  const rows = sampleRows({
    nomenclature: fullNomenclature(),
    opds,
    ...size,
    ...(maxRows !== undefined && { maxRows }),
  });
  const file = { title: 'CONTOH impor uji', notes: ['Target dan pagu FIKTIF.'] };
  const bytes = format === 'xlsx' ? await sampleXlsx(rows, file) : Buffer.from(sampleCsv(rows, file));
  return { bytes, name: `contoh.${format}`, rows };
}

export { SAMPLE_COLUMNS };
