import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import {
  type Actor,
  type BoardState,
  type ImportConfirm,
  type ImportOptions,
  type ImportPreview,
  type ImportResult,
  type RecordedEvent,
  nomenclatureByVersion,
  own,
  planImport,
} from '@selaras/shared';
import { TimeTravel } from '../audit/time-travel';
import { BoardsService } from '../boards/boards.service';
import { nodeSha256 } from '../boards/node-sha256';
import { ApiError } from '../http/api-error';
import { SpreadsheetError, sniffFormat } from './read-spreadsheet';
import { SPREADSHEET_READER, type SpreadsheetReader } from './spreadsheet-reader';
import { checkBeforeWriting } from './import-checks';

export interface UploadedSheet {
  bytes: Buffer;
  name: string;
}

/** Progress of a confirm: commands done of the plan's total. */
export type ImportProgress = (done: number, total: number) => void;

/**
 * Import (issue 11 §3). Preview reads the file and plans on the board as it is; nothing is written.
 * Confirm plans the same file again on the board as of the preview's revision (time travel), checks it
 * is what was previewed (digest) and still fits the board now (merge rule, domain rules), then runs
 * the commands one by one through the ordinary command path with ids derived from the import: a batch
 * that stops half way (a conflicting edit during it, the store, a killed server) keeps what it applied,
 * and confirming the same preview again resumes without duplicates.
 */
@Injectable()
export class ImportService implements OnApplicationShutdown {
  constructor(
    private readonly boards: BoardsService,
    @Inject(SPREADSHEET_READER) private readonly reader: SpreadsheetReader,
    @Optional() private readonly timeTravel?: TimeTravel,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.reader.close();
  }

  async preview(
    boardId: string,
    file: UploadedSheet,
    options: ImportOptions,
    actor: Actor,
  ): Promise<ImportPreview> {
    assertMayImport(actor);
    this.boards.board(boardId);
    const table = await this.read(file);
    const { state } = this.boards.board(boardId);
    return this.plan(state, table, file, options, actor);
  }

  async confirm(
    boardId: string,
    file: UploadedSheet,
    options: ImportConfirm,
    actor: Actor,
    onProgress: ImportProgress = () => undefined,
  ): Promise<{ status: number; result: ImportResult }> {
    assertMayImport(actor);
    const latest = this.boards.board(boardId).state.revision;
    if (options.baseRevision > latest)
      throw new ApiError(400, {
        error: 'BaseRevisionAhead',
        message: `Revisi pratinjau ${options.baseRevision} melampaui revisi papan (${latest}); buat pratinjau lagi.`,
        messageEn: `The preview's revision ${options.baseRevision} is ahead of the board (${latest}); preview again.`,
      });
    const table = await this.read(file);
    // The live board when nothing happened since the preview, else the board as of then: planned in
    // the same tick it is fetched (the live board changes in place as commands commit).
    const live = this.boards.board(boardId).state;
    const base =
      live.revision === options.baseRevision ? live : await this.boardAt(boardId, options.baseRevision);
    const plan = this.plan(base, table, file, options, actor);
    if (plan.digest !== options.digest)
      throw new ApiError(409, {
        error: 'ImportPlanChanged',
        message:
          'File, pemetaan kolom atau OPD berbeda dengan pratinjau; buat pratinjau lagi lalu konfirmasi.',
        messageEn: 'The file, column mapping or OPD differ from the preview; preview again, then confirm.',
      });
    if (plan.needsMapping)
      throw new ApiError(400, {
        error: 'MappingRequired',
        message: 'Masih ada kolom yang belum dipetakan; petakan atau abaikan dulu.',
        messageEn: 'Some columns are not mapped yet; map or ignore them first.',
        unmapped: plan.unmapped,
      });
    const errorRows = plan.rows.filter((r) => r.status === 'error').map((r) => r.row);
    if (errorRows.length > 0 && !options.skipErrors)
      throw new ApiError(400, {
        error: 'ImportHasErrors',
        message: `${errorRows.length} baris bermasalah; perbaiki filenya, atau konfirmasi dengan melewati baris itu.`,
        messageEn: `${errorRows.length} rows have errors; fix the file, or confirm skipping those rows.`,
        rows: errorRows,
      });
    // Before anything is written: does the plan still fit the board as it is now?
    await checkBeforeWriting(this.boards, boardId, plan, actor);
    return this.run(boardId, plan, errorRows, actor, onProgress);
  }

  private async run(
    boardId: string,
    plan: ImportPreview,
    skippedRows: number[],
    actor: Actor,
    onProgress: ImportProgress,
  ): Promise<{ status: number; result: ImportResult }> {
    const total = plan.commands.length;
    const { state, headHash } = this.boards.board(boardId);
    const startRevision = state.revision;
    const result: ImportResult = {
      importId: plan.importId,
      status: 'done',
      baseRevision: plan.baseRevision,
      revision: startRevision,
      headHash,
      commands: total,
      applied: 0,
      events: 0,
      skippedRows,
      remainingRows: [],
    };
    // The merge rule checks each command against every event after `base` not written by this batch:
    // `base` moves over the batch's own events only while nothing foreign lands in between.
    let base = plan.baseRevision;
    let last: RecordedEvent | undefined;
    let status = 200;
    for (let i = 0; i < total; i++) {
      const command = plan.commands[i]!;
      const outcome = await this.boards
        .execute(
          boardId,
          { commandId: command.commandId, type: command.type, baseRevision: base, data: command.data },
          actor,
        )
        .catch((error: unknown) => {
          // The store gave up (503) or the board went away: the batch stops here like a refused command.
          if (error instanceof ApiError) return { status: error.status, body: error.body };
          throw error;
        });
      if (outcome.status !== 200) {
        const body = outcome.body as { error?: string; message?: string; messageEn?: string };
        status = outcome.status === 409 ? 409 : outcome.status >= 500 ? 503 : outcome.status;
        result.status = 'partial';
        result.failure = {
          commandIndex: i,
          type: command.type,
          rows: command.rows,
          status: outcome.status,
          error: body.error ?? 'Error',
          message: body.message ?? '',
          messageEn: body.messageEn ?? body.message ?? '',
        };
        result.remainingRows = [...new Set(plan.commands.slice(i).flatMap((c) => c.rows))].sort(
          (a, b) => a - b,
        );
        break;
      }
      const events = (outcome.body as { events: RecordedEvent[] }).events;
      if (events.length > 0) {
        if (events[0]!.revision === base + 1) base = events[events.length - 1]!.revision;
        if (!last || events[events.length - 1]!.revision > last.revision) last = events[events.length - 1];
        // Answers for commands an earlier attempt applied carry their old events: not new here.
        result.events += events.filter((e) => e.revision > startRevision).length;
      }
      result.applied++;
      onProgress(i + 1, total);
    }
    if (last && last.revision > result.revision) {
      result.revision = last.revision;
      result.headHash = last.meta.hash;
    }
    return { status, result };
  }

  private plan(
    board: BoardState,
    table: Parameters<typeof planImport>[0]['table'],
    file: UploadedSheet,
    options: ImportOptions,
    actor: Actor,
  ): ImportPreview {
    const nomenclature = nomenclatureByVersion(board.nomenclatureVersion);
    if (!nomenclature)
      throw new ApiError(409, {
        error: 'UnknownNomenclature',
        message: `Versi nomenklatur papan (${board.nomenclatureVersion}) tidak dimuat di server ini.`,
        messageEn: `The board's nomenclature version (${board.nomenclatureVersion}) is not loaded on this server.`,
      });
    if (actor.role === 'sekretariat' && options.opdId !== undefined && !own(board.opds, options.opdId))
      throw new ApiError(400, {
        error: 'UnknownOpd',
        message: `OPD "${options.opdId}" tidak terdaftar di papan ini.`,
        messageEn: `OPD "${options.opdId}" is not on this board.`,
      });
    return planImport({
      board,
      nomenclature,
      table,
      mapping: options.mapping ?? {},
      actor,
      opdId: options.opdId ?? null,
      fileHash: createHash('sha256').update(file.bytes).digest('hex'),
      sha256: nodeSha256,
    });
  }

  private async read(file: UploadedSheet) {
    try {
      return await this.reader.read(file.bytes, sniffFormat(file.bytes, file.name));
    } catch (error) {
      if (error instanceof SpreadsheetError)
        throw new ApiError(error.status, {
          error: error.code,
          message: error.message,
          messageEn: error.messageEn,
        });
      throw error;
    }
  }

  /** The board right after a past revision (a copy that does not change). */
  private async boardAt(boardId: string, revision: number): Promise<BoardState> {
    if (!this.timeTravel) throw new Error('import confirm needs time travel');
    return (await this.timeTravel.boardAt(boardId, revision)).state;
  }
}

/** Import is for the secretariat (any OPD) and OPD accounts (their own); readers import nothing. */
export function assertMayImport(actor: Actor): void {
  if (actor.role === 'sekretariat' || actor.role === 'opd') return;
  throw ApiError.forbidden(
    `Peran ${actor.role} tidak dapat mengimpor; impor untuk sekretariat dan OPD.`,
    `The ${actor.role} role cannot import; import is for the secretariat and OPDs.`,
  );
}
