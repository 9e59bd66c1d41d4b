import { PLAN_YEARS } from '../reference/opds';
import { canonicalJson } from '../hash/canonical-json';
import type { CommandOfType } from './commands';
import { domainError, isDomainError } from './errors';
import {
  checkCode,
  checkDuplicate,
  checkOpd,
  columnNotFound,
  columnSiblings,
  findColumn,
  programRank,
  withProgram,
  referenceListNotFound,
} from './domain-checks';
import { accept, reject, type DecideContext, type Decision } from './decision';
import { own, type BoardState, type Program, type ProgramFields } from './types';

export function proposeProgram(
  command: CommandOfType<'ProposeProgram'>,
  state: BoardState,
  ctx: DecideContext,
): Decision {
  const { programId: requestedId, columnId: requestedColumn, ...fields } = command.data;
  const programId = requestedId ?? ctx.newId();
  if (own(state.programs, programId)) {
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

export function reviseProgram(command: CommandOfType<'ReviseProgram'>, state: BoardState): Decision {
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
 * the others (two OPDs can fill different years at once). Used for programs, kegiatan and sub-kegiatan.
 */
export function effectiveChanges<F extends object>(
  current: F,
  requested: Partial<F>,
): { changes: Partial<F>; before: Partial<F> } {
  const changes: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  const now = current as Record<string, unknown>;
  for (const [key, next] of Object.entries(requested)) {
    if (key === 'pagu') {
      const had = (now.pagu ?? {}) as ProgramFields['pagu'];
      const pagu: ProgramFields['pagu'] = {};
      const previous: ProgramFields['pagu'] = {};
      for (const year of PLAN_YEARS) {
        const value = (next as ProgramFields['pagu'] | undefined)?.[year];
        if (value === undefined) continue;
        const was = had[year] ?? null;
        if (value !== was) {
          pagu[year] = value;
          previous[year] = was;
        }
      }
      if (Object.keys(pagu).length > 0) {
        changes.pagu = pagu;
        before.pagu = previous;
      }
      continue;
    }
    if (next === undefined || canonicalJson(next) === canonicalJson(now[key])) continue;
    changes[key] = next;
    before[key] = now[key];
  }
  return { changes: changes as Partial<F>, before: before as Partial<F> };
}

export function moveProgram(command: CommandOfType<'MoveProgram'>, state: BoardState): Decision {
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

export function isAlreadyPlaced(
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

export function tagProgram(
  command: CommandOfType<'TagProgram'> | CommandOfType<'UntagProgram'>,
  state: BoardState,
): Decision {
  const { programId, listId, itemId } = command.data;
  return withProgram(state, programId, true, (program) => {
    const list = own(state.referenceLists, listId);
    if (!list) {
      return reject(referenceListNotFound(listId));
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
