import { codeLevel, nomenclatureByVersion } from '../reference/nomenclature';
import { domainError, type DomainError } from './errors';
import { rankFor } from './placement';
import { rankBetween } from './rank';
import { reject, type Decision } from './decision';
import { own, type BoardState, type Program } from './types';

/** Lookups and rule checks the command handlers share. */

export const PROGRAM_NOUN = { noun: 'program', nounEn: 'program' };
export const COLUMN_NOUN = { noun: 'kolom', nounEn: 'column' };

export function withProgram(
  state: BoardState,
  programId: string,
  mustBeActive: boolean,
  then: (program: Program) => Decision,
): Decision {
  const program = own(state.programs, programId);
  if (!program) {
    return reject(
      domainError(
        'ProgramNotFound',
        `Program "${programId}" tidak ditemukan.`,
        `Program "${programId}" was not found.`,
      ),
    );
  }
  if (mustBeActive && program.archived) {
    return reject(
      domainError(
        'ProgramArchived',
        `Program ${program.code} ${program.title} sudah diarsipkan; pulihkan dulu untuk mengubahnya.`,
        `Program ${program.code} ${program.title} is archived; restore it before changing it.`,
      ),
    );
  }
  return then(program);
}

export function findColumn(state: BoardState, columnId: string) {
  return state.columns.find((c) => c.id === columnId);
}

export function columnSiblings(state: BoardState, columnId: string, exceptId: string) {
  const column = findColumn(state, columnId);
  const siblings: Array<{ id: string; rank: string }> = [];
  for (const id of column?.programIds ?? []) {
    const p = state.programs[id];
    if (p && id !== exceptId) siblings.push({ id, rank: p.rank });
  }
  return siblings;
}

/** A program's rank in a column, chosen among its active programs (archived ones are out of the order). */
export function programRank(
  state: BoardState,
  columnId: string,
  programId: string,
  placement: { afterId?: string | undefined; beforeId?: string | undefined },
): string | DomainError {
  return rankFor(columnSiblings(state, columnId, programId), placement, PROGRAM_NOUN);
}

/**
 * Where a restored program goes: back at its own rank, unless a program placed while it was archived
 * took exactly that rank; then right after that one, so no two active programs ever tie.
 */
export function restoredRank(state: BoardState, program: Program): string {
  const siblings = columnSiblings(state, program.columnId, program.id);
  const tie = siblings.findIndex((s) => s.rank === program.rank);
  if (tie < 0) return program.rank;
  return rankBetween(program.rank, siblings[tie + 1]?.rank ?? null);
}

export function titleTaken(state: BoardState, title: string, exceptId?: string): boolean {
  const wanted = title.trim().toLocaleLowerCase('id');
  return state.columns.some((c) => c.id !== exceptId && c.title.trim().toLocaleLowerCase('id') === wanted);
}

/**
 * A program's code must be a program of the board's list. Lists with levels (the full nomenclature) also
 * hold urusan, bidang, kegiatan and sub-kegiatan codes: those are not program codes. A list without
 * levels (the early sample, synthetic lists) is taken as it is.
 */
export function checkCode(state: BoardState, code: string): DomainError | undefined {
  const nomenclature = nomenclatureByVersion(state.nomenclatureVersion);
  const entry = nomenclature?.entries.get(code);
  if (entry && entry.level === undefined) return undefined;
  if (entry && entry.level === 'program') return undefined;
  if (entry)
    return domainError(
      'UnknownCode',
      `Kode ${code} adalah kode ${LEVEL_NAMES[entry.level ?? codeLevel(code) ?? 'program']}, bukan kode program; pilih kode program (U.BB.PP).`,
      `Code ${code} is a ${LEVEL_NAMES_EN[entry.level ?? codeLevel(code) ?? 'program']} code, not a program code; choose a program code (U.BB.PP).`,
    );
  return domainError(
    'UnknownCode',
    `Kode ${code} tidak ada dalam daftar nomenklatur papan ini (${state.nomenclatureVersion}).`,
    `Code ${code} is not in this board's nomenclature list (${state.nomenclatureVersion}).`,
  );
}

const LEVEL_NAMES = {
  urusan: 'urusan',
  bidang: 'bidang urusan',
  program: 'program',
  kegiatan: 'kegiatan',
  subKegiatan: 'sub-kegiatan',
} as const;
const LEVEL_NAMES_EN = LEVEL_NAMES;

export function checkOpd(state: BoardState, opdId: string): DomainError | undefined {
  if (own(state.opds, opdId)) return undefined;
  return domainError(
    'UnknownOpd',
    `OPD "${opdId}" tidak terdaftar di papan ini.`,
    `OPD "${opdId}" is not on this board.`,
  );
}

export function checkDuplicate(
  state: BoardState,
  fields: { code: string; opdId: string },
  exceptId?: string,
): DomainError | undefined {
  for (const p of Object.values(state.programs)) {
    if (p.id !== exceptId && !p.archived && p.code === fields.code && p.opdId === fields.opdId) {
      const opd = own(state.opds, fields.opdId)?.name ?? fields.opdId;
      return domainError(
        'DuplicateProgram',
        `${opd} sudah memiliki program ${fields.code} di papan ini.`,
        `${opd} already has program ${fields.code} on this board.`,
      );
    }
  }
  return undefined;
}

export function boardNotFound(boardId: string): DomainError {
  return domainError(
    'BoardNotFound',
    `Papan "${boardId}" tidak ditemukan.`,
    `Board "${boardId}" was not found.`,
  );
}

export function columnNotFound(columnId: string): DomainError {
  return domainError(
    'ColumnNotFound',
    `Kolom "${columnId}" tidak ditemukan.`,
    `Column "${columnId}" was not found.`,
  );
}

export function columnExists(title: string): DomainError {
  return domainError(
    'ColumnAlreadyExists',
    `Kolom "${title}" sudah ada.`,
    `A column "${title}" already exists.`,
  );
}

export function referenceListNotFound(listId: string): DomainError {
  return domainError(
    'UnknownReferenceList',
    `Daftar acuan "${listId}" tidak ada.`,
    `Reference list "${listId}" does not exist.`,
  );
}
