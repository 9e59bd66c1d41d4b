import { parseCommand } from '../domain/commands';
import { decide } from '../domain/decide';
import type { BoardEvent } from '../domain/events';
import { foldInPlace, type FoldableEvent } from '../domain/evolve';
import { forkPrograms } from '../domain/fork';
import type { Actor, BoardState } from '../domain/types';
import type { CommandDraft } from './drafts';
import type { RowIssue } from './import-types';
import { rowIssue } from './messages';

export type DraftOutcome =
  { ok: true; events: number } | { ok: false; issue: RowIssue; parentFailed: boolean };

/**
 * Runs the drafted commands, in order, through the same validation and `decide` (role rules included)
 * the server will use, on a copy of the board: what fails here fails there, with the domain's own
 * words. The board passed in is not changed.
 */
export function simulate(
  board: BoardState,
  drafts: readonly CommandDraft[],
  actor: Actor,
  now: string,
): { working: BoardState; outcomes: DraftOutcome[] } {
  const touched = new Set<string>();
  for (const d of drafts) {
    const programId = d.data.programId;
    if (typeof programId === 'string' && Object.hasOwn(board.programs, programId)) touched.add(programId);
  }
  const working = forkPrograms(board, touched);
  const failed = new Map<string, number>();
  let ids = 0;
  const ctx = { actor, now, newId: () => `import-sim-${++ids}` };
  const outcomes = drafts.map((draft): DraftOutcome => {
    const row = draft.entity.rows[0]?.row ?? 0;
    const parent = draft.parents.map((p) => failed.get(p)).find((r) => r !== undefined);
    if (parent !== undefined) {
      failed.set(draft.entity.key, row);
      return {
        ok: false,
        parentFailed: true,
        issue: rowIssue(
          'ParentFailed',
          `Baris ${row}: induknya (baris ${parent}) tidak dapat diimpor, jadi baris ini juga tidak.`,
          `Row ${row}: its parent (row ${parent}) cannot be imported, so neither can this row.`,
        ),
      };
    }
    const parsed = (draft.parsed ??= parseCommand(draft.type, draft.data));
    if (!parsed.success) {
      failed.set(draft.entity.key, row);
      const first = parsed.issues[0];
      const path = first?.path ? `${first.path}: ` : '';
      return {
        ok: false,
        parentFailed: false,
        issue: rowIssue(
          'Invalid',
          `Baris ${row}: isian tidak sah (${path}${first?.message ?? draft.type}).`,
          `Row ${row}: invalid values (${path}${first?.messageEn ?? draft.type}).`,
        ),
      };
    }
    const decision = decide(parsed.command, working, ctx);
    if (!decision.ok) {
      failed.set(draft.entity.key, row);
      return {
        ok: false,
        parentFailed: false,
        issue: rowIssue(
          'Refused',
          `Baris ${row}: ${decision.error.message}`,
          `Row ${row}: ${decision.error.messageEn}`,
        ),
      };
    }
    foldInPlace(working, asFoldable(decision.events, working.revision, actor, now));
    return { ok: true, events: decision.events.length };
  });
  return { working, outcomes };
}

function asFoldable(events: BoardEvent[], revision: number, actor: Actor, at: string): FoldableEvent[] {
  return events.map(
    (event, i) => ({ ...event, revision: revision + 1 + i, meta: { actor, at } }) as FoldableEvent,
  );
}

/**
 * The planned commands (as the preview lists them) run in order on a copy of `board`; for each, null
 * when it would go through, else why not. The server checks a confirmed plan against the board as it is
 * now this way before it writes anything.
 */
export function replayCommands(
  board: BoardState,
  commands: ReadonlyArray<{ type: string; data: unknown }>,
  actor: Actor,
  now: string,
): Array<{ message: string; messageEn: string } | null> {
  const touched = new Set<string>();
  for (const c of commands) {
    const programId = (c.data as { programId?: unknown }).programId;
    if (typeof programId === 'string' && Object.hasOwn(board.programs, programId)) touched.add(programId);
  }
  const working = forkPrograms(board, touched);
  let ids = 0;
  const ctx = { actor, now, newId: () => `import-replay-${++ids}` };
  return commands.map((c) => {
    const parsed = parseCommand(c.type as Parameters<typeof parseCommand>[0], c.data);
    if (!parsed.success) {
      const first = parsed.issues[0];
      return { message: first?.message ?? c.type, messageEn: first?.messageEn ?? c.type };
    }
    const decision = decide(parsed.command, working, ctx);
    if (!decision.ok) return { message: decision.error.message, messageEn: decision.error.messageEn };
    foldInPlace(working, asFoldable(decision.events, working.revision, actor, now));
    return null;
  });
}
