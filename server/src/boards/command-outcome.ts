import type { CommandResponse, ConflictResponse, ErrorResponse, RecordedEvent } from '@selaras/shared';
import { ApiError } from '../http/api-error';

export type CommandOutcome =
  { status: 200; body: CommandResponse } | { status: number; body: ErrorResponse | ConflictResponse };

/** The store moved under the writer (or failed): the service resynchronises and runs the command again. */
export class RetryableError extends Error {
  constructor(override readonly cause?: unknown) {
    super('board writer must resynchronise');
  }
}

export function outcomeOf(error: ApiError): CommandOutcome {
  return { status: error.status, body: error.body };
}

export function conflictOutcome(conflicts: RecordedEvent[]): CommandOutcome {
  const last = conflicts[conflicts.length - 1]!;
  const who = `${last.meta.actor.name}`;
  return {
    status: 409,
    body: {
      error: 'conflict',
      message: `${who} sudah mengubah bagian yang sama (revisi ${last.revision}, ${last.meta.at}). Bandingkan dan pilih versinya.`,
      messageEn: `${who} already changed the same thing (revision ${last.revision}, ${last.meta.at}). Compare and choose.`,
      conflicts,
    },
  };
}

export function baseRevisionAhead(base: number, head: number): ApiError {
  return new ApiError(400, {
    error: 'BaseRevisionAhead',
    message: `baseRevision ${base} melampaui revisi papan (${head}); muat ulang papan.`,
    messageEn: `baseRevision ${base} is ahead of the board (${head}); reload the board.`,
  });
}

export function boardUnhealthy(boardId: string, revision: number): ApiError {
  return new ApiError(503, {
    error: 'BoardUnhealthy',
    message: `Papan "${boardId}" berhenti di revisi ${revision - 1}: server tidak dapat menerapkan peristiwa revisi ${revision}. Perintah belum tersimpan; hubungi pengelola server.`,
    messageEn: `Board "${boardId}" stopped at revision ${revision - 1}: the server cannot apply the event at revision ${revision}. The command was not saved; contact the server's administrator.`,
  });
}

export function boardNotFound(boardId: string): ApiError {
  return new ApiError(404, {
    error: 'BoardNotFound',
    message: `Papan "${boardId}" tidak ditemukan.`,
    messageEn: `Board "${boardId}" was not found.`,
  });
}
