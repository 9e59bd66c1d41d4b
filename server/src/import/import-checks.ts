import {
  type Actor,
  type ImportPreview,
  type RecordedEvent,
  intendedKeys,
  parseCommand,
  replayCommands,
  touchedKeys,
} from '@selaras/shared';
import type { BoardsService } from '../boards/boards.service';
import { ApiError } from '../http/api-error';

/**
 * The preview's base revision, checked before anything is written. Events since the preview that this
 * import did not write (someone else's edits) must not touch what the import changes (the merge rule of
 * DESIGN.md §4, applied to the whole batch at once), and every command not applied yet must still pass
 * the domain's rules on the board as it is now. Otherwise: 409 `ImportConflict`, naming the rows and
 * who changed what; nothing is written. Commands an earlier attempt of this import applied are skipped.
 */
export async function checkBeforeWriting(
  boards: BoardsService,
  boardId: string,
  plan: ImportPreview,
  actor: Actor,
): Promise<void> {
  const ours = new Set(plan.commands.map((c) => c.commandId));
  const since = await eventsAfter(boards, boardId, plan.baseRevision);
  const applied = new Set<string>();
  const byKey = new Map<string, RecordedEvent[]>();
  for (const event of since) {
    if (ours.has(event.meta.commandId)) {
      applied.add(event.meta.commandId);
      continue;
    }
    for (const key of touchedKeys(event)) byKey.set(key, [...(byKey.get(key) ?? []), event]);
  }
  const pending = plan.commands.filter((c) => !applied.has(c.commandId));
  const { state } = boards.board(boardId);
  const problems: Array<{ rows: number[]; message: string; messageEn: string }> = [];
  const conflicts = new Map<number, RecordedEvent>();
  if (byKey.size > 0) {
    for (const command of pending) {
      const parsed = parseCommand(command.type, command.data);
      if (!parsed.success) continue; // reported by the replay below
      const hits = intendedKeys(parsed.command, state).flatMap((key) => byKey.get(key) ?? []);
      if (hits.length === 0) continue;
      const last = hits.reduce((a, b) => (b.revision > a.revision ? b : a));
      for (const hit of hits) conflicts.set(hit.revision, hit);
      problems.push({
        rows: command.rows,
        message: `${last.meta.actor.name} sudah mengubah bagian yang sama sejak pratinjau (revisi ${last.revision}).`,
        messageEn: `${last.meta.actor.name} changed the same thing since the preview (revision ${last.revision}).`,
      });
    }
  }
  const verdicts = replayCommands(state, pending, actor, new Date().toISOString());
  verdicts.forEach((verdict, i) => {
    if (verdict && !problems.some((p) => p.rows === pending[i]!.rows))
      problems.push({ rows: pending[i]!.rows, ...verdict });
  });
  if (problems.length === 0) return;
  const rows = [...new Set(problems.flatMap((p) => p.rows))].sort((a, b) => a - b);
  throw new ApiError(409, {
    error: 'ImportConflict',
    message: `Papan berubah sejak pratinjau dan ${rows.length} baris tidak lagi cocok (baris ${rows.slice(0, 10).join(', ')}${rows.length > 10 ? ', …' : ''}); tidak ada yang disimpan. Buat pratinjau lagi.`,
    messageEn: `The board changed since the preview and ${rows.length} rows no longer fit (rows ${rows.slice(0, 10).join(', ')}${rows.length > 10 ? ', …' : ''}); nothing was saved. Preview again.`,
    problems,
    conflicts: [...conflicts.values()].sort((a, b) => a.revision - b.revision),
  });
}

async function eventsAfter(boards: BoardsService, boardId: string, after: number): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (let from = after; ;) {
    const page = await boards.events(boardId, from, 1000);
    out.push(...page.events);
    if (page.events.length === 0 || page.events[page.events.length - 1]!.revision >= page.revision)
      return out;
    from = page.events[page.events.length - 1]!.revision;
  }
}
