import { nomenclatureByVersion } from '../reference/nomenclature';
import { PLAN_YEARS } from '../reference/opds';
import { canonicalJson } from '../hash/canonical-json';
import type { BoardCommand, CommandOfType } from './commands';
import { domainError, isDomainError, type DomainError } from './errors';
import type { BoardEvent } from './events';
import { rankFor } from './placement';
import { rankBetween } from './rank';
import { boardExists, type Actor, type BoardState, type Program, type ProgramFields } from './types';

/** What the domain needs from outside: who acts, the time and fresh ids (never read inside). */
export interface DecideContext {
  actor: Actor;
  now: string;
  newId: () => string;
}

/** Events to append (possibly none: the wanted state already holds), or why not. */
export type Decision = { ok: true; events: BoardEvent[] } | { ok: false; error: DomainError };

const accept = (...events: BoardEvent[]): Decision => ({ ok: true, events });
const reject = (error: DomainError): Decision => ({ ok: false, error });

/** decide(command, state, context) → events | DomainError. Pure. */
export function decide(command: BoardCommand, state: BoardState, ctx: DecideContext): Decision {
  const denied = authorize(command, ctx.actor);
  if (denied) return reject(denied);
  if (command.type === 'CreateBoard') return createBoard(command, state);
  if (!boardExists(state)) return reject(boardNotFound(state.id));
  switch (command.type) {
    case 'ProposeProgram':
      return proposeProgram(command, state, ctx);
    case 'ReviseProgram':
      return reviseProgram(command, state);
    case 'MoveProgram':
      return moveProgram(command, state);
    case 'TagProgram':
    case 'UntagProgram':
      return tagProgram(command, state);
    case 'CommentOnProgram':
      return withProgram(state, command.data.programId, false, () =>
        accept({
          type: 'ProgramCommented',
          data: { programId: command.data.programId, commentId: ctx.newId(), text: command.data.text },
        }),
      );
    case 'ArchiveProgram':
      return withProgram(state, command.data.programId, false, (p) =>
        p.archived
          ? accept()
          : accept({ type: 'ProgramArchived', data: { programId: p.id, reason: command.data.reason } }),
      );
    case 'UnarchiveProgram':
      return withProgram(state, command.data.programId, false, (p) => {
        if (!p.archived) return accept();
        // Restoring must not make a second active program with the same code for the OPD.
        const duplicate = checkDuplicate(state, p, p.id);
        if (duplicate) return reject(duplicate);
        return accept({ type: 'ProgramUnarchived', data: { programId: p.id, rank: restoredRank(state, p) } });
      });
    case 'AddColumn':
      return addColumn(command, state, ctx);
    case 'RenameColumn':
      return renameColumn(command, state);
    case 'MoveColumn':
      return moveColumn(command, state);
    case 'AddReferenceItem':
      return addReferenceItem(command, state);
    default: {
      const exhaustive: never = command;
      return exhaustive;
    }
  }
}

/**
 * The baseline rule until full role-based access control: readers never write. Per-OPD ownership and
 * column permissions are the access-control issue's.
 */
function authorize(command: BoardCommand, actor: Actor): DomainError | undefined {
  if (actor.role === 'auditor' || actor.role === 'display') {
    return domainError(
      'Forbidden',
      `Peran ${actor.role} hanya dapat membaca papan, tidak dapat menjalankan ${command.type}.`,
      `The ${actor.role} role can only read the board, not run ${command.type}.`,
    );
  }
  return undefined;
}

function createBoard(command: CommandOfType<'CreateBoard'>, state: BoardState): Decision {
  const d = command.data;
  if (d.boardId !== state.id) {
    return reject(
      domainError(
        'BoardIdMismatch',
        `Id papan "${d.boardId}" tidak sama dengan alamat papan "${state.id}".`,
        `Board id "${d.boardId}" does not match the board's address "${state.id}".`,
      ),
    );
  }
  if (boardExists(state)) {
    return reject(
      domainError(
        'BoardAlreadyExists',
        `Papan "${d.boardId}" sudah ada.`,
        `Board "${d.boardId}" already exists.`,
      ),
    );
  }
  if (!nomenclatureByVersion(d.nomenclatureVersion)) {
    return reject(
      domainError(
        'UnknownNomenclature',
        `Versi nomenklatur "${d.nomenclatureVersion}" tidak dikenal.`,
        `Unknown nomenclature version "${d.nomenclatureVersion}".`,
      ),
    );
  }
  let rank: string | null = null;
  const columns = d.columns.map((c) => {
    rank = rankBetween(rank, null);
    return { id: c.id, title: c.title, rank };
  });
  return accept({ type: 'BoardCreated', data: { ...d, columns } });
}

function proposeProgram(
  command: CommandOfType<'ProposeProgram'>,
  state: BoardState,
  ctx: DecideContext,
): Decision {
  const { programId: requestedId, columnId: requestedColumn, ...fields } = command.data;
  const programId = requestedId ?? ctx.newId();
  if (state.programs[programId]) {
    return reject(
      domainError(
        'ProgramAlreadyExists',
        `Program dengan id "${programId}" sudah ada.`,
        `A program with id "${programId}" already exists.`,
      ),
    );
  }
  const invalid =
    checkCode(state, fields.code) ?? checkOpd(state, fields.opdId) ?? checkDuplicate(state, fields);
  if (invalid) return reject(invalid);
  const column = requestedColumn === undefined ? state.columns[0] : findColumn(state, requestedColumn);
  if (!column) return reject(columnNotFound(requestedColumn ?? ''));
  const rank = programRank(state, column.id, programId, {});
  if (isDomainError(rank)) return reject(rank);
  return accept({ type: 'ProgramProposed', data: { programId, columnId: column.id, rank, ...fields } });
}

function reviseProgram(command: CommandOfType<'ReviseProgram'>, state: BoardState): Decision {
  return withProgram(state, command.data.programId, true, (program) => {
    const { changes, before } = effectiveChanges(program, command.data.changes);
    if (Object.keys(changes).length === 0) return accept();
    const merged = { ...program, ...changes };
    const invalid =
      (changes.code !== undefined ? checkCode(state, changes.code) : undefined) ??
      (changes.opdId !== undefined ? checkOpd(state, changes.opdId) : undefined) ??
      (changes.code !== undefined || changes.opdId !== undefined
        ? checkDuplicate(state, merged, program.id)
        : undefined);
    if (invalid) return reject(invalid);
    return accept({ type: 'ProgramRevised', data: { programId: program.id, changes, before } });
  });
}

/**
 * Keeps only what really changes. `pagu` merges per year, so a change to one year says nothing about
 * the others (two OPDs can fill different years at once).
 */
export function effectiveChanges(
  program: ProgramFields,
  requested: Partial<ProgramFields>,
): { changes: Partial<ProgramFields>; before: Partial<ProgramFields> } {
  const changes: Partial<ProgramFields> = {};
  const before: Partial<ProgramFields> = {};
  for (const key of Object.keys(requested) as Array<keyof ProgramFields>) {
    if (key === 'pagu') {
      const pagu: ProgramFields['pagu'] = {};
      const previous: ProgramFields['pagu'] = {};
      for (const year of PLAN_YEARS) {
        const next = requested.pagu?.[year];
        if (next === undefined) continue;
        const current = program.pagu[year] ?? null;
        if (next !== current) {
          pagu[year] = next;
          previous[year] = current;
        }
      }
      if (Object.keys(pagu).length > 0) {
        changes.pagu = pagu;
        before.pagu = previous;
      }
      continue;
    }
    const next = requested[key];
    if (next === undefined || canonicalJson(next) === canonicalJson(program[key])) continue;
    (changes as Record<string, unknown>)[key] = next;
    (before as Record<string, unknown>)[key] = program[key];
  }
  return { changes, before };
}

function moveProgram(command: CommandOfType<'MoveProgram'>, state: BoardState): Decision {
  const { programId, toColumnId, afterId, beforeId } = command.data;
  return withProgram(state, programId, true, (program) => {
    if (!findColumn(state, toColumnId)) return reject(columnNotFound(toColumnId));
    if (afterId === programId || beforeId === programId) {
      return reject(
        domainError(
          'InvalidPlacement',
          'Program tidak dapat ditempatkan di samping dirinya sendiri.',
          'A program cannot be placed next to itself.',
        ),
      );
    }
    const siblings = columnSiblings(state, toColumnId, programId);
    if (program.columnId === toColumnId && isAlreadyPlaced(state, program, siblings, afterId, beforeId)) {
      return accept();
    }
    const rank = programRank(state, toColumnId, programId, { afterId, beforeId });
    if (isDomainError(rank)) return reject(rank);
    return accept({
      type: 'ProgramMoved',
      data: { programId, fromColumnId: program.columnId, toColumnId, rank, fromRank: program.rank },
    });
  });
}

function isAlreadyPlaced(
  state: BoardState,
  program: Program,
  siblings: Array<{ id: string; rank: string }>,
  afterId: string | undefined,
  beforeId: string | undefined,
): boolean {
  const order = findColumn(state, program.columnId)?.programIds ?? [];
  const at = order.indexOf(program.id);
  if (afterId !== undefined) return order[at - 1] === afterId;
  if (beforeId !== undefined) return order[at + 1] === beforeId;
  return siblings.length === 0 || at === order.length - 1;
}

function tagProgram(
  command: CommandOfType<'TagProgram'> | CommandOfType<'UntagProgram'>,
  state: BoardState,
): Decision {
  const { programId, listId, itemId } = command.data;
  return withProgram(state, programId, true, (program) => {
    const list = state.referenceLists[listId];
    if (!list) {
      return reject(
        domainError(
          'UnknownReferenceList',
          `Daftar acuan "${listId}" tidak ada.`,
          `Reference list "${listId}" does not exist.`,
        ),
      );
    }
    const tagged = program.tags.some((t) => t.listId === listId && t.itemId === itemId);
    if (command.type === 'UntagProgram') {
      return tagged ? accept({ type: 'ProgramUntagged', data: { programId, listId, itemId } }) : accept();
    }
    if (!list.items.some((i) => i.id === itemId)) {
      return reject(
        domainError(
          'UnknownReferenceItem',
          `Butir "${itemId}" tidak ada di daftar ${list.title}.`,
          `Item "${itemId}" is not in the list ${list.title}.`,
        ),
      );
    }
    return tagged ? accept() : accept({ type: 'ProgramTagged', data: { programId, listId, itemId } });
  });
}

function addColumn(command: CommandOfType<'AddColumn'>, state: BoardState, ctx: DecideContext): Decision {
  const { title, afterId, beforeId } = command.data;
  const columnId = command.data.columnId ?? ctx.newId();
  if (findColumn(state, columnId) || titleTaken(state, title)) return reject(columnExists(title));
  const rank = rankFor(state.columns, { afterId, beforeId }, COLUMN_NOUN);
  if (isDomainError(rank)) return reject(rank);
  return accept({ type: 'ColumnAdded', data: { columnId, title, rank } });
}

function renameColumn(command: CommandOfType<'RenameColumn'>, state: BoardState): Decision {
  const { columnId, title } = command.data;
  const column = findColumn(state, columnId);
  if (!column) return reject(columnNotFound(columnId));
  if (column.title === title) return accept();
  if (titleTaken(state, title, columnId)) return reject(columnExists(title));
  return accept({ type: 'ColumnRenamed', data: { columnId, title, before: column.title } });
}

function moveColumn(command: CommandOfType<'MoveColumn'>, state: BoardState): Decision {
  const { columnId, afterId, beforeId } = command.data;
  const column = findColumn(state, columnId);
  if (!column) return reject(columnNotFound(columnId));
  if (afterId === columnId || beforeId === columnId) {
    return reject(
      domainError(
        'InvalidPlacement',
        'Kolom tidak dapat ditempatkan di samping dirinya sendiri.',
        'A column cannot be placed next to itself.',
      ),
    );
  }
  const at = state.columns.findIndex((c) => c.id === columnId);
  const already =
    afterId !== undefined
      ? state.columns[at - 1]?.id === afterId
      : beforeId !== undefined
        ? state.columns[at + 1]?.id === beforeId
        : at === state.columns.length - 1;
  if (already) return accept();
  const siblings = state.columns.filter((c) => c.id !== columnId);
  const rank = rankFor(siblings, { afterId, beforeId }, COLUMN_NOUN);
  if (isDomainError(rank)) return reject(rank);
  return accept({ type: 'ColumnMoved', data: { columnId, rank, fromRank: column.rank } });
}

function addReferenceItem(command: CommandOfType<'AddReferenceItem'>, state: BoardState): Decision {
  const { listId, item } = command.data;
  const list = state.referenceLists[listId];
  if (!list) {
    return reject(
      domainError(
        'UnknownReferenceList',
        `Daftar acuan "${listId}" tidak ada.`,
        `Reference list "${listId}" does not exist.`,
      ),
    );
  }
  if (list.items.some((i) => i.id === item.id)) {
    return reject(
      domainError(
        'ReferenceItemAlreadyExists',
        `Butir "${item.id}" sudah ada di daftar ${list.title}.`,
        `Item "${item.id}" is already in the list ${list.title}.`,
      ),
    );
  }
  return accept({ type: 'ReferenceItemAdded', data: { listId, item } });
}

// ---- shared checks -------------------------------------------------------------------------------

const PROGRAM_NOUN = { noun: 'program', nounEn: 'program' };
const COLUMN_NOUN = { noun: 'kolom', nounEn: 'column' };

function withProgram(
  state: BoardState,
  programId: string,
  mustBeActive: boolean,
  then: (program: Program) => Decision,
): Decision {
  const program = state.programs[programId];
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

function findColumn(state: BoardState, columnId: string) {
  return state.columns.find((c) => c.id === columnId);
}

function columnSiblings(state: BoardState, columnId: string, exceptId: string) {
  const column = findColumn(state, columnId);
  const siblings: Array<{ id: string; rank: string }> = [];
  for (const id of column?.programIds ?? []) {
    const p = state.programs[id];
    if (p && id !== exceptId) siblings.push({ id, rank: p.rank });
  }
  return siblings;
}

/** A program's rank in a column, chosen among its active programs (archived ones are out of the order). */
function programRank(
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
function restoredRank(state: BoardState, program: Program): string {
  const siblings = columnSiblings(state, program.columnId, program.id);
  const tie = siblings.findIndex((s) => s.rank === program.rank);
  if (tie < 0) return program.rank;
  return rankBetween(program.rank, siblings[tie + 1]?.rank ?? null);
}

function titleTaken(state: BoardState, title: string, exceptId?: string): boolean {
  const wanted = title.trim().toLocaleLowerCase('id');
  return state.columns.some((c) => c.id !== exceptId && c.title.trim().toLocaleLowerCase('id') === wanted);
}

function checkCode(state: BoardState, code: string): DomainError | undefined {
  const nomenclature = nomenclatureByVersion(state.nomenclatureVersion);
  if (nomenclature?.entries.has(code)) return undefined;
  return domainError(
    'UnknownCode',
    `Kode ${code} tidak ada dalam daftar nomenklatur papan ini (${state.nomenclatureVersion}).`,
    `Code ${code} is not in this board's nomenclature list (${state.nomenclatureVersion}).`,
  );
}

function checkOpd(state: BoardState, opdId: string): DomainError | undefined {
  if (state.opds[opdId]) return undefined;
  return domainError(
    'UnknownOpd',
    `OPD "${opdId}" tidak terdaftar di papan ini.`,
    `OPD "${opdId}" is not on this board.`,
  );
}

function checkDuplicate(
  state: BoardState,
  fields: { code: string; opdId: string },
  exceptId?: string,
): DomainError | undefined {
  for (const p of Object.values(state.programs)) {
    if (p.id !== exceptId && !p.archived && p.code === fields.code && p.opdId === fields.opdId) {
      const opd = state.opds[fields.opdId]?.name ?? fields.opdId;
      return domainError(
        'DuplicateProgram',
        `${opd} sudah memiliki program ${fields.code} di papan ini.`,
        `${opd} already has program ${fields.code} on this board.`,
      );
    }
  }
  return undefined;
}

function boardNotFound(boardId: string): DomainError {
  return domainError(
    'BoardNotFound',
    `Papan "${boardId}" tidak ditemukan.`,
    `Board "${boardId}" was not found.`,
  );
}

function columnNotFound(columnId: string): DomainError {
  return domainError(
    'ColumnNotFound',
    `Kolom "${columnId}" tidak ditemukan.`,
    `Column "${columnId}" was not found.`,
  );
}

function columnExists(title: string): DomainError {
  return domainError(
    'ColumnAlreadyExists',
    `Kolom "${title}" sudah ada.`,
    `A column "${title}" already exists.`,
  );
}
