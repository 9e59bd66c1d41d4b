import { nomenclatureByVersion } from '../reference/nomenclature';
import type { BoardCommand, CommandOfType } from './commands';
import { domainError } from './errors';
import { checkDuplicate, boardNotFound, restoredRank, withProgram } from './domain-checks';
import { endMeeting, markMilestone, revertProgram, startMeeting } from './decide-audit';
import { addColumn, addReferenceItem, moveColumn, renameColumn, setColumnPolicy } from './decide-board';
import { moveProgram, proposeProgram, reviseProgram, tagProgram } from './decide-program';
import { authorize } from './authorization';
import { decideRincian } from './decide-rincian';
import { changeNomenclature, setOpdBidang } from './decide-nomenclature';
import { accept, reject, type DecideContext, type Decision } from './decision';
import { rankBetween } from './rank';
import { boardExists, type BoardState } from './types';

export type { DecideContext, Decision } from './decision';
export { effectiveChanges } from './decide-program';

/** decide(command, state, context) → events | DomainError. Pure. */
export function decide(command: BoardCommand, state: BoardState, ctx: DecideContext): Decision {
  // Who may do what (issue 5): one matrix, in the domain, so every path obeys it.
  const denied = authorize(command, state, ctx.actor);
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
    case 'SetColumnPolicy':
      return setColumnPolicy(command, state);
    case 'AddReferenceItem':
      return addReferenceItem(command, state);
    case 'StartMeeting':
      return startMeeting(command, state, ctx);
    case 'EndMeeting':
      return endMeeting(command, state);
    case 'MarkMilestone':
      return markMilestone(command, ctx);
    case 'RevertProgram':
      return revertProgram(command, state, ctx);
    case 'AddKegiatan':
    case 'ReviseKegiatan':
    case 'ArchiveKegiatan':
    case 'UnarchiveKegiatan':
    case 'AddSubKegiatan':
    case 'ReviseSubKegiatan':
    case 'ArchiveSubKegiatan':
    case 'UnarchiveSubKegiatan':
      return decideRincian(command, state);
    case 'SetOpdBidang':
      return setOpdBidang(command, state);
    case 'ChangeNomenclature':
      return changeNomenclature(command, state);
    default: {
      const exhaustive: never = command;
      return exhaustive;
    }
  }
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
