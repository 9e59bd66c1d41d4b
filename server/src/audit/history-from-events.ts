import {
  type FieldChange,
  type HistoryEntry,
  type ProgramFields,
  type RecordedEvent,
  type SubKegiatanFields,
  PLAN_YEARS,
} from '@selaras/shared';

/**
 * A program's history, newest first, read straight from its events: every event carries what it
 * changed and what was there before (ProgramRevised's `before`, ProgramMoved's `fromColumnId`), so no
 * fold is needed. `events` are the program's events in revision order.
 */
export function historyFromEvents(events: readonly RecordedEvent[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const event of events) {
    const entry = entryOf(event);
    if (entry) entries.push(entry);
  }
  return entries.reverse();
}

function entryOf(event: RecordedEvent): HistoryEntry | undefined {
  const base = { revision: event.revision, at: event.meta.at, actor: event.meta.actor, type: event.type };
  const reason = (data: { reason?: string; revertedTo?: number }) => ({
    ...(data.reason ? { text: data.reason } : {}),
    ...(data.revertedTo !== undefined ? { revertedTo: data.revertedTo } : {}),
  });
  switch (event.type) {
    case 'ProgramProposed': {
      const { programId: _id, columnId, rank: _rank, ...fields } = event.data;
      return { ...base, changes: fieldChanges({}, fields), toColumnId: columnId };
    }
    case 'ProgramRevised':
      return { ...base, changes: fieldChanges(event.data.before, event.data.changes), ...reason(event.data) };
    case 'ProgramMoved': {
      const { fromColumnId, toColumnId } = event.data;
      const changes =
        fromColumnId === toColumnId ? [] : [{ field: 'column', before: fromColumnId, after: toColumnId }];
      return { ...base, changes, fromColumnId, toColumnId, ...reason(event.data) };
    }
    case 'ProgramTagged':
    case 'ProgramUntagged': {
      const tag = { listId: event.data.listId, itemId: event.data.itemId };
      const tagged = event.type === 'ProgramTagged';
      return {
        ...base,
        changes: [{ field: 'tag', before: tagged ? null : tag, after: tagged ? tag : null }],
      };
    }
    case 'ProgramCommented':
      return { ...base, changes: [], text: event.data.text };
    case 'ProgramArchived':
      return { ...base, changes: [{ field: 'archived', before: false, after: true }], ...reason(event.data) };
    case 'ProgramUnarchived':
      return { ...base, changes: [{ field: 'archived', before: true, after: false }], ...reason(event.data) };
    case 'KegiatanAdded':
    case 'SubKegiatanAdded': {
      const { programId: _id, code, title, revertedTo: _r, reason: _why, ...fields } = event.data;
      const level = event.type === 'KegiatanAdded' ? 'kegiatan' : 'subKegiatan';
      return {
        ...base,
        rincian: { level, code, title },
        changes: [{ field: 'exists', before: false, after: true }, ...fieldChanges({}, fields)],
        ...reason(event.data),
      };
    }
    case 'KegiatanRevised':
    case 'SubKegiatanRevised': {
      const level = event.type === 'KegiatanRevised' ? 'kegiatan' : 'subKegiatan';
      return {
        ...base,
        rincian: { level, code: event.data.code },
        changes: fieldChanges(event.data.before, event.data.changes),
        ...reason(event.data),
      };
    }
    case 'KegiatanArchived':
    case 'KegiatanUnarchived':
    case 'SubKegiatanArchived':
    case 'SubKegiatanUnarchived': {
      const level = event.type.startsWith('Kegiatan') ? 'kegiatan' : 'subKegiatan';
      const archived = event.type.endsWith('Archived') && !event.type.endsWith('Unarchived');
      return {
        ...base,
        rincian: { level, code: event.data.code },
        changes: [{ field: 'archived', before: !archived, after: archived }],
        ...reason(event.data),
      };
    }
    default:
      return undefined;
  }
}

/** Field by field, `pagu` year by year (`pagu.2026`), as FieldChange names them. */
export function fieldChanges(
  before: Partial<ProgramFields> | Partial<SubKegiatanFields>,
  after: Partial<ProgramFields> | Partial<SubKegiatanFields>,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of Object.keys(after) as Array<keyof ProgramFields & keyof SubKegiatanFields>) {
    if (field === 'pagu') {
      for (const year of PLAN_YEARS) {
        const next = after.pagu?.[year];
        if (next === undefined) continue;
        changes.push({ field: `pagu.${year}`, before: before.pagu?.[year] ?? null, after: next });
      }
      continue;
    }
    changes.push({ field, before: before[field] ?? null, after: after[field] ?? null });
  }
  return changes;
}
