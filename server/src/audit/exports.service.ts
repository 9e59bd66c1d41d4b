import { Injectable } from '@nestjs/common';
import { type CompareResponse, type RecordedEvent, own } from '@selaras/shared';
import type { ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { BoardsService } from '../boards/boards.service';
import { compressStream, preferredEncoding } from '../http/json-body';
import { AuditIndexService } from './audit-index.service';
import { type AuditQuery, type PointQuery, filterOf } from './audit-query';
import { AuditService } from './audit.service';
import { type CsvValue, UTF8_BOM, csvLine } from './csv';
import { writeMatrixXlsx } from './matrix-xlsx';
import { writeRpjmdHtml } from './rpjmd-html';
import { writeRpjmdXlsx } from './rpjmd-xlsx';
import { StreamWriter } from './stream-writer';
import { TimeTravel } from './time-travel';

const BLOCK = 1000;

/**
 * Exports stream: rows are written as they are read, with backpressure, so a 100k-event log never sits
 * in memory. Each names the board revision and head hash it was made from (headers and first lines),
 * and `X-Total-Events` lets a client show progress.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly boards: BoardsService,
    private readonly indexes: AuditIndexService,
    private readonly audit: AuditService,
    private readonly timeTravel: TimeTravel,
  ) {}

  /** The audit log, oldest first (filtered like the log; `before` bounds it), as CSV or JSON Lines. */
  async auditLog(
    boardId: string,
    query: AuditQuery,
    format: 'csv' | 'jsonl',
    res: ServerResponse,
  ): Promise<void> {
    this.boards.board(boardId);
    const index = await this.indexes.index(boardId);
    const { revision, headHash } = await this.audit.head(boardId, index);
    const filter = filterOf(query);
    const upTo = Math.min(revision, (query.before ?? revision + 1) - 1);
    const total = index.count(filter, 0, upTo);
    const exportedAt = new Date().toISOString();
    const body = start(res, `selaras-${boardId}-audit-r${revision}.${format}`, format, {
      revision,
      headHash,
      total,
    });
    const out = new StreamWriter(body);
    if (format === 'csv') {
      await out.write(
        UTF8_BOM +
          csvLine([
            'Selaras: log audit',
            `papan ${boardId}`,
            `revisi ${revision}`,
            `head hash ${headHash}`,
            `diekspor ${exportedAt}`,
            `${total} peristiwa`,
          ]),
      );
      await out.write(csvLine(AUDIT_COLUMNS));
    } else {
      await out.write(
        JSON.stringify({ kind: 'header', boardId, revision, headHash, exportedAt, events: total }) + '\n',
      );
    }
    for (let from = 0; from <= upTo && out.open; from += BLOCK) {
      const wanted = [...index.ascending(filter, from, Math.min(upTo, from + BLOCK - 1))];
      if (wanted.length === 0) continue;
      for (const event of await this.audit.readRevisions(boardId, wanted)) {
        if (!(await out.write(format === 'csv' ? csvLine(auditRow(event)) : JSON.stringify(event) + '\n')))
          break;
      }
    }
    out.end();
  }

  /** The alignment matrix as of a point (default: now), as XLSX. */
  async matrix(boardId: string, point: PointQuery | undefined, res: ServerResponse): Promise<void> {
    const latest = this.boards.board(boardId).state.revision;
    const { revision } = point ? await this.audit.resolve(boardId, point) : { revision: latest };
    const past = await this.timeTravel.boardAt(boardId, revision);
    start(res, `selaras-${boardId}-matriks-r${revision}.xlsx`, 'xlsx', { revision, headHash: past.hash });
    await writeMatrixXlsx(res, past.state, {
      boardId,
      revision,
      headHash: past.hash,
      at: past.at,
      exportedAt: new Date().toISOString(),
    });
  }

  /**
   * The RPJMD table (issue 11 §4) as of a point (default: now), as a printable XLSX or as PDF-ready
   * HTML; both stamped with the revision and head hash.
   */
  async rpjmd(
    boardId: string,
    point: PointQuery | undefined,
    format: 'xlsx' | 'html',
    res: ServerResponse,
  ): Promise<void> {
    const latest = this.boards.board(boardId).state.revision;
    const { revision } = point ? await this.audit.resolve(boardId, point) : { revision: latest };
    const past = await this.timeTravel.boardAt(boardId, revision);
    const body = start(res, `selaras-${boardId}-rpjmd-r${revision}.${format}`, format, {
      revision,
      headHash: past.hash,
    });
    const stamp = {
      boardId,
      revision,
      headHash: past.hash,
      at: past.at,
      exportedAt: new Date().toISOString(),
    };
    if (format === 'xlsx') await writeRpjmdXlsx(body, past.state, stamp);
    else await writeRpjmdHtml(body, past.state, stamp);
  }

  /** The comparison of two points as CSV: one row per change, grouped by OPD. */
  async compare(boardId: string, from: PointQuery, to: PointQuery, res: ServerResponse): Promise<void> {
    const diff = await this.audit.compare(boardId, from, to);
    const opds = this.boards.board(boardId).state.opds;
    const name = (opdId: string) => own(opds, opdId)?.name ?? opdId;
    const file = `selaras-${boardId}-banding-r${diff.from.revision}-r${diff.to.revision}.csv`;
    const body = start(res, file, 'csv', {
      revision: diff.revision ?? diff.to.revision,
      headHash: diff.headHash ?? '',
    });
    const out = new StreamWriter(body);
    await out.write(
      UTF8_BOM +
        csvLine([
          'Selaras: perbandingan',
          `papan ${boardId}`,
          `dari revisi ${diff.from.revision} (${diff.from.at}, ${diff.from.headHash})`,
          `ke revisi ${diff.to.revision} (${diff.to.at}, ${diff.to.headHash})`,
        ]),
    );
    await out.write(
      csvLine([
        'OPD',
        'Kode',
        'Program',
        'Perubahan (change)',
        'Bidang (field)',
        'Sebelum (before)',
        'Sesudah (after)',
      ]),
    );
    for (const row of compareRows(diff)) {
      if (!(await out.write(csvLine([name(row[0] as string), ...row.slice(1)])))) break;
    }
    out.end();
  }
}

const AUDIT_COLUMNS = [
  'revision',
  'at',
  'type',
  'actor_id',
  'actor_name',
  'actor_role',
  'actor_opd',
  'program_id',
  'command_id',
  'data',
  'prev_hash',
  'hash',
];

function auditRow(event: RecordedEvent): CsvValue[] {
  const { actor, at, commandId, prevHash, hash } = event.meta;
  const programId = (event.data as { programId?: string }).programId ?? null;
  return [
    event.revision,
    at,
    event.type,
    actor.id,
    actor.name,
    actor.role,
    actor.opdId,
    programId,
    commandId,
    JSON.stringify(event.data),
    prevHash,
    hash,
  ];
}

/** [opdId, code, title, change, field, before, after], by OPD then code. */
export function compareRows(diff: CompareResponse): CsvValue[][] {
  const rows: CsvValue[][] = [];
  const value = (v: unknown): CsvValue =>
    v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : (v as CsvValue);
  for (const p of diff.added)
    rows.push([p.opdId, p.code, p.title, 'ditambahkan (added)', 'columnId', '', p.columnId]);
  for (const p of diff.archived) rows.push([p.opdId, p.code, p.title, 'diarsipkan (archived)', '', '', '']);
  for (const p of diff.restored) rows.push([p.opdId, p.code, p.title, 'dipulihkan (restored)', '', '', '']);
  for (const p of diff.moved)
    rows.push([p.opdId, p.code, p.title, 'dipindahkan (moved)', 'columnId', p.fromColumnId, p.toColumnId]);
  for (const p of diff.revised) {
    for (const c of p.changes)
      rows.push([p.opdId, p.code, p.title, 'direvisi (revised)', c.field, value(c.before), value(c.after)]);
  }
  const kind = {
    added: 'ditambahkan (added)',
    archived: 'diarsipkan (archived)',
    restored: 'dipulihkan (restored)',
    revised: 'direvisi (revised)',
  };
  const level = { kegiatan: 'kegiatan', subKegiatan: 'sub-kegiatan' };
  for (const p of diff.rincian ?? []) {
    for (const item of p.changes) {
      const what = `${level[item.level]} ${item.code} ${item.title}: ${kind[item.kind]}`;
      if (item.changes.length === 0) rows.push([p.opdId, p.code, p.title, what, '', '', '']);
      for (const c of item.changes)
        rows.push([p.opdId, p.code, p.title, what, c.field, value(c.before), value(c.after)]);
    }
    for (const c of p.programPagu)
      rows.push([
        p.opdId,
        p.code,
        p.title,
        'pagu program efektif (effective program pagu)',
        c.field,
        value(c.before),
        value(c.after),
      ]);
  }
  return rows.sort(
    (a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])),
  );
}

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
};

/** The headers `start` sets: an export that fails before its first byte takes them back (dropExportHeaders). */
const EXPORT_HEADERS = [
  'content-type',
  'content-disposition',
  'content-encoding',
  'vary',
  'x-board-revision',
  'x-head-hash',
  'x-total-events',
  'access-control-expose-headers',
];

/** An error before the first byte is an ordinary JSON answer: neither an attachment nor compressed. */
export function dropExportHeaders(res: ServerResponse): void {
  for (const name of EXPORT_HEADERS) res.removeHeader(name);
}

/**
 * Sends the export's headers and returns where its body goes: the answer itself, or, for the text
 * formats when the client takes it, a brotli or gzip stream into it (an audit log is several times
 * smaller; XLSX is a zip already). The compressor follows the answer: a client that goes away
 * closes it, and the writers stop.
 */
function start(
  res: ServerResponse,
  filename: string,
  format: keyof typeof TYPES,
  stamp: { revision: number; headHash: string; total?: number },
): Writable {
  res.statusCode = 200;
  res.setHeader('Content-Type', TYPES[format]);
  res.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`);
  res.setHeader('X-Board-Revision', String(stamp.revision));
  res.setHeader('X-Head-Hash', stamp.headHash);
  if (stamp.total !== undefined) res.setHeader('X-Total-Events', String(stamp.total));
  res.setHeader(
    'Access-Control-Expose-Headers',
    'Content-Disposition, X-Board-Revision, X-Head-Hash, X-Total-Events',
  );
  const encoding = format === 'xlsx' ? null : preferredEncoding(res.req?.headers['accept-encoding']);
  if (!encoding) return res;
  res.setHeader('Content-Encoding', encoding);
  res.setHeader('Vary', 'Accept-Encoding');
  const compressor = compressStream(encoding);
  compressor.pipe(res);
  res.once('close', () => compressor.destroy());
  return compressor;
}
