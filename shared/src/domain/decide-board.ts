import { opdMayMoveInto } from './authorization';
import type { CommandOfType } from './commands';
import { domainError, isDomainError } from './errors';
import {
  COLUMN_NOUN,
  columnExists,
  columnNotFound,
  findColumn,
  referenceListNotFound,
  titleTaken,
} from './domain-checks';
import { accept, reject, type DecideContext, type Decision } from './decision';
import { rankFor } from './placement';
import { own, type BoardState } from './types';

export function addColumn(
  command: CommandOfType<'AddColumn'>,
  state: BoardState,
  ctx: DecideContext,
): Decision {
  const { title, afterId, beforeId } = command.data;
  const columnId = command.data.columnId ?? ctx.newId();
  if (findColumn(state, columnId) || titleTaken(state, title)) return reject(columnExists(title));
  const rank = rankFor(state.columns, { afterId, beforeId }, COLUMN_NOUN);
  if (isDomainError(rank)) return reject(rank);
  return accept({ type: 'ColumnAdded', data: { columnId, title, rank } });
}

export function renameColumn(command: CommandOfType<'RenameColumn'>, state: BoardState): Decision {
  const { columnId, title } = command.data;
  const column = findColumn(state, columnId);
  if (!column) return reject(columnNotFound(columnId));
  if (column.title === title) return accept();
  if (titleTaken(state, title, columnId)) return reject(columnExists(title));
  return accept({ type: 'ColumnRenamed', data: { columnId, title, before: column.title } });
}

/** Bappeda opens or closes a stage to OPD moves; a setting that already holds changes nothing. */
export function setColumnPolicy(command: CommandOfType<'SetColumnPolicy'>, state: BoardState): Decision {
  const { columnId, opdMoves } = command.data;
  const index = state.columns.findIndex((c) => c.id === columnId);
  const column = state.columns[index];
  if (!column) return reject(columnNotFound(columnId));
  if (opdMayMoveInto(column, index) === opdMoves) return accept();
  return accept({ type: 'ColumnPolicySet', data: { columnId, opdMoves } });
}

export function moveColumn(command: CommandOfType<'MoveColumn'>, state: BoardState): Decision {
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

export function addReferenceItem(command: CommandOfType<'AddReferenceItem'>, state: BoardState): Decision {
  const { listId, item } = command.data;
  const list = own(state.referenceLists, listId);
  if (!list) {
    return reject(referenceListNotFound(listId));
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
