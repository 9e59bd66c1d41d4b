import { nomenclatureByVersion } from '../reference/nomenclature';
import type { BoardCommand, CommandOfType } from './commands';
import { domainError, type DomainError } from './errors';
import { checkDuplicate, boardNotFound, restoredRank, withProgram } from './domain-checks';
import { addColumn, addReferenceItem, moveColumn, renameColumn } from './decide-board';
import { moveProgram, proposeProgram, reviseProgram, tagProgram } from './decide-program';
import { accept, reject, type DecideContext, type Decision } from './decision';
import { rankBetween } from './rank';
import { boardExists, type Actor, type BoardState } from './types';

export type { DecideContext, Decision } from './decision';
export { effectiveChanges } from './decide-program';

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
 * The baseline rule until full role-based access control: readers never write, and only the
 * secretariat creates boards. Per-OPD ownership and
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
  if (command.type === 'CreateBoard' && actor.role !== 'sekretariat') {
    return domainError(
      'Forbidden',
      'Hanya sekretariat (Bappeda) yang dapat membuat papan.',
      'Only the secretariat (Bappeda) can create a board.',
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
