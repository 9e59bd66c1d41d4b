import { PLAN_YEARS } from '../reference/opds';
import type { CommandOfType } from './commands';
import { effectiveChanges } from './decide-program';
import { accept, reject, type DecideContext, type Decision } from './decision';
import {
  checkCode,
  checkDuplicate,
  checkOpd,
  columnNotFound,
  columnSiblings,
  findColumn,
  restoredRank,
} from './domain-checks';
import { domainError } from './errors';
import type { BoardEvent } from './events';
import { rankBetween } from './rank';
import { revertRincian } from './revert-rincian';
import { own, type BoardState, type Program, type ProgramFields } from './types';

/** Meetings and milestones are named points on the timeline; they change no program. */

export function startMeeting(
  command: CommandOfType<'StartMeeting'>,
  state: BoardState,
  ctx: DecideContext,
): Decision {
  const running = state.activeMeeting;
  if (running) {
    return reject(
      domainError(
        'MeetingAlreadyRunning',
        `Rapat "${running.title}" masih berlangsung; akhiri dulu sebelum memulai rapat baru.`,
        `The meeting "${running.title}" is still running; end it before starting a new one.`,
      ),
    );
  }
  const meetingId = command.data.meetingId ?? ctx.newId();
  return accept({ type: 'MeetingStarted', data: { meetingId, title: command.data.title } });
}

export function endMeeting(command: CommandOfType<'EndMeeting'>, state: BoardState): Decision {
  const running = state.activeMeeting;
  if (!running || running.meetingId !== command.data.meetingId) {
    return reject(
      domainError(
        'MeetingNotRunning',
        `Rapat "${command.data.meetingId}" tidak sedang berlangsung.`,
        `The meeting "${command.data.meetingId}" is not running.`,
      ),
    );
  }
  return accept({
    type: 'MeetingEnded',
    data: { meetingId: running.meetingId, title: running.title, startRevision: running.startRevision },
  });
}

export function markMilestone(command: CommandOfType<'MarkMilestone'>, ctx: DecideContext): Decision {
  const milestoneId = command.data.milestoneId ?? ctx.newId();
  return accept({ type: 'MilestoneMarked', data: { milestoneId, title: command.data.title } });
}

/**
 * Brings a program's chosen fields, or its place ('place': column, position and whether it is on the
 * board), back to what they were right after `toRevision`, as new events marked `revertedTo`.
 * Order: back on the board, fields, column, archived; only what differs from now is emitted.
 */
export function revertProgram(
  command: CommandOfType<'RevertProgram'>,
  state: BoardState,
  ctx: DecideContext,
): Decision {
  const { programId, toRevision, parts, reason } = command.data;
  if (toRevision > state.revision) {
    return reject(
      domainError(
        'RevisionNotFound',
        `Revisi ${toRevision} belum ada (papan di revisi ${state.revision}).`,
        `Revision ${toRevision} does not exist yet (the board is at revision ${state.revision}).`,
      ),
    );
  }
  const program = own(state.programs, programId);
  if (!program) return reject(programMissing(programId));
  if (!ctx.programAt) {
    return reject(
      domainError(
        'HistoryUnavailable',
        'Riwayat papan tidak tersedia di sini; kirim pengembalian ke server.',
        'The board history is not available here; send the revert to the server.',
      ),
    );
  }
  const past = ctx.programAt(programId, toRevision);
  if (!past) {
    return reject(
      domainError(
        'ProgramNotFound',
        `Program "${programId}" belum ada pada revisi ${toRevision}.`,
        `Program "${programId}" did not exist at revision ${toRevision}.`,
      ),
    );
  }
  const tag = { revertedTo: toRevision, reason };
  const wantsPlace = parts.includes('place');
  const returns = wantsPlace && program.archived && !past.archived;
  const leaves = wantsPlace && !program.archived && past.archived;
  const activeAfter = returns || (!program.archived && !leaves);

  const { changes, before } = effectiveChanges(program, pastFields(past, parts));
  const rincian = parts.includes('rincian') ? revertRincian(programId, program, past, tag) : [];
  const revises = Object.keys(changes).length > 0 || rincian.length > 0;
  if (revises && program.archived && !returns) {
    return reject(
      domainError(
        'ProgramArchived',
        `Program ${program.code} ${program.title} sudah diarsipkan; pulihkan dulu atau sertakan tempatnya.`,
        `Program ${program.code} ${program.title} is archived; restore it first or include its place.`,
      ),
    );
  }
  const merged = { ...program, ...changes };
  const invalid =
    (changes.code !== undefined ? checkCode(state, changes.code) : undefined) ??
    (changes.opdId !== undefined ? checkOpd(state, changes.opdId) : undefined) ??
    ((changes.code !== undefined || changes.opdId !== undefined || returns) && activeAfter
      ? checkDuplicate(state, merged, program.id)
      : undefined);
  if (invalid) return reject(invalid);

  const events: BoardEvent[] = [];
  if (returns) {
    events.push({
      type: 'ProgramUnarchived',
      data: { programId, rank: restoredRank(state, program), ...tag },
    });
  }
  if (Object.keys(changes).length > 0)
    events.push({ type: 'ProgramRevised', data: { programId, changes, before, ...tag } });
  events.push(...rincian);
  if (wantsPlace && (returns || !program.archived)) {
    if (!findColumn(state, past.columnId)) return reject(columnNotFound(past.columnId));
    const from = returns ? { ...program, rank: restoredRank(state, program) } : program;
    const rank = rankAt(state, past.columnId, programId, past.rank);
    if (from.columnId !== past.columnId || from.rank !== rank) {
      events.push({
        type: 'ProgramMoved',
        data: {
          programId,
          fromColumnId: from.columnId,
          toColumnId: past.columnId,
          rank,
          fromRank: from.rank,
          ...tag,
        },
      });
    }
  }
  if (leaves) events.push({ type: 'ProgramArchived', data: { programId, ...tag, reason } });
  return accept(...events);
}

/** The past values of the chosen fields; pagu names every year, so a year set since goes back to unset. */
function pastFields(past: Program, parts: readonly string[]): Partial<ProgramFields> {
  const wanted: Partial<ProgramFields> = {};
  for (const part of parts) {
    if (part === 'place' || part === 'rincian') continue;
    if (part === 'pagu') {
      wanted.pagu = Object.fromEntries(PLAN_YEARS.map((y) => [y, past.pagu[y] ?? null]));
      continue;
    }
    const key = part as keyof ProgramFields;
    (wanted as Record<string, unknown>)[key] = past[key];
  }
  return wanted;
}

/** Its old rank in the column, unless an active program holds exactly that rank: then right after it. */
function rankAt(state: BoardState, columnId: string, programId: string, pastRank: string): string {
  const siblings = columnSiblings(state, columnId, programId);
  let tie = -1;
  siblings.forEach((s, i) => {
    if (s.rank === pastRank) tie = i;
  });
  if (tie < 0) return pastRank;
  return rankBetween(pastRank, siblings[tie + 1]?.rank ?? null);
}

function programMissing(programId: string) {
  return domainError(
    'ProgramNotFound',
    `Program "${programId}" tidak ditemukan.`,
    `Program "${programId}" was not found.`,
  );
}
