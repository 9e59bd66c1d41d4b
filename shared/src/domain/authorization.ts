import type { BoardCommand } from './commands';
import { domainError, type DomainError } from './errors';
import { own, type Actor, type BoardState, type Column } from './types';

/**
 * Who may do what (issue 5), decided in the domain so every path — HTTP, sockets, the seeder, a CLI —
 * obeys the same rules. Returns why not, in words a person understands, or undefined.
 *
 * - sekretariat: everything.
 * - opd: proposes for its own OPD; revises, tags, archives, restores, reverts and moves its own
 *   programs (never hands one to another OPD), moves only into columns that allow OPD moves; comments
 *   on any program.
 * - auditor, display: nothing.
 */
export function authorize(command: BoardCommand, state: BoardState, actor: Actor): DomainError | undefined {
  if (actor.role === 'sekretariat') return undefined;
  if (actor.role === 'auditor' || actor.role === 'display')
    return forbidden(
      `Peran ${actor.role} hanya dapat membaca papan, tidak dapat menjalankan ${command.type}.`,
      `The ${actor.role} role can only read the board, not run ${command.type}.`,
    );
  // actor.role === 'opd' from here.
  switch (command.type) {
    case 'ProposeProgram': {
      if (command.data.opdId !== actor.opdId)
        return forbidden(
          'OPD hanya dapat mengusulkan program untuk OPD-nya sendiri.',
          'An OPD can only propose programs for its own OPD.',
        );
      const index = command.data.columnId
        ? state.columns.findIndex((c) => c.id === command.data.columnId)
        : 0;
      const column = state.columns[index];
      return !column || opdMayMoveInto(column, index)
        ? undefined
        : forbidden(
            `OPD tidak dapat mengusulkan program langsung ke kolom "${column.title}".`,
            `An OPD cannot propose a program straight into the column "${column.title}".`,
          );
    }
    case 'CommentOnProgram':
      return undefined;
    case 'ReviseProgram': {
      const denied = ownProgram(command.data.programId, state, actor);
      if (denied) return denied;
      const opdId = command.data.changes.opdId;
      return opdId !== undefined && opdId !== actor.opdId
        ? forbidden(
            'OPD tidak dapat menyerahkan programnya ke OPD lain; minta sekretariat.',
            'An OPD cannot hand its program to another OPD; ask the secretariat.',
          )
        : undefined;
    }
    // A program's kegiatan and sub-kegiatan are its OPD's to change, like the program itself.
    case 'TagProgram':
    case 'UntagProgram':
    case 'ArchiveProgram':
    case 'UnarchiveProgram':
    case 'AddKegiatan':
    case 'ReviseKegiatan':
    case 'ArchiveKegiatan':
    case 'UnarchiveKegiatan':
    case 'AddSubKegiatan':
    case 'ReviseSubKegiatan':
    case 'ArchiveSubKegiatan':
    case 'UnarchiveSubKegiatan':
      return ownProgram(command.data.programId, state, actor);
    case 'MoveProgram': {
      const denied = ownProgram(command.data.programId, state, actor);
      if (denied) return denied;
      const index = state.columns.findIndex((c) => c.id === command.data.toColumnId);
      const column = state.columns[index];
      // An unknown column is the domain's ColumnNotFound to report, not a permission question.
      if (!column || opdMayMoveInto(column, index)) return undefined;
      return forbidden(
        `OPD tidak dapat memindahkan program ke kolom "${column.title}"; hanya sekretariat yang dapat.`,
        `An OPD cannot move a program into the column "${column.title}"; only the secretariat can.`,
      );
    }
    default: {
      const data = command.data as { programId?: unknown };
      // RevertProgram and any later per-program command: own programs only.
      if (command.type === ('RevertProgram' as BoardCommand['type']) && typeof data.programId === 'string')
        return ownProgram(data.programId, state, actor);
      return forbidden(
        `Hanya sekretariat (Bappeda) yang dapat menjalankan ${command.type}.`,
        `Only the secretariat (Bappeda) can run ${command.type}.`,
      );
    }
  }
}

/**
 * Whether OPDs may move programs into this column: the column's own setting, else the default that
 * OPDs move only between the first two stages (proposal and review) and Bappeda decides the rest.
 */
export function opdMayMoveInto(column: Column, index: number): boolean {
  return column.opdMoves ?? index < 2;
}

/** Whether this person may change this program's fields, tags, place or archive state (not comment). */
export function mayChangeProgram(actor: Actor, program: { opdId: string }): boolean {
  return actor.role === 'sekretariat' || (actor.role === 'opd' && program.opdId === actor.opdId);
}

function ownProgram(programId: string, state: BoardState, actor: Actor): DomainError | undefined {
  const program = own(state.programs, programId);
  // A missing program is ProgramNotFound, reported by the rule that needs it.
  if (!program || mayChangeProgram(actor, program)) return undefined;
  const opd = own(state.opds, program.opdId);
  return forbidden(
    `Program ini milik ${opd?.name ?? program.opdId}; OPD hanya dapat mengubah programnya sendiri.`,
    `This program belongs to ${opd?.name ?? program.opdId}; an OPD can only change its own programs.`,
  );
}

function forbidden(message: string, messageEn: string): DomainError {
  return domainError('Forbidden', message, messageEn);
}
