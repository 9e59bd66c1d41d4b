import {
  type BoardState,
  type CompareResponse,
  type FieldChange,
  type Kegiatan,
  type Program,
  type RincianChange,
  type SubKegiatan,
  PLAN_YEARS,
  canonicalJson,
  compareCodes,
  kegiatanOf,
  programPaguYear,
} from '@selaras/shared';

type RincianDiff = NonNullable<CompareResponse['rincian']>;

/**
 * The kegiatan and sub-kegiatan that differ between two points of a board, program by program, and the
 * program's effective pagu per year where it changed (the sum of its sub-kegiatan unless set by hand).
 * A program added in between counts its whole tree as added.
 */
export function compareRincian(from: BoardState, to: BoardState): RincianDiff {
  const out: RincianDiff = [];
  for (const program of Object.values(to.programs)) {
    const before = Object.hasOwn(from.programs, program.id) ? from.programs[program.id] : undefined;
    const changes = treeChanges(before, program);
    // The effective pagu only where the tree is involved (a hand-set pagu alone is in `revised`).
    const hasTree = changes.length > 0 || Object.keys(kegiatanOf(program)).length > 0;
    const programPagu = hasTree ? effectivePaguChanges(before, program) : [];
    if (changes.length === 0 && programPagu.length === 0) continue;
    const { id: programId, code, title, opdId } = program;
    out.push({ programId, code, title, opdId, changes, programPagu });
  }
  return out.sort((a, b) =>
    a.opdId === b.opdId
      ? compareCodes(a.code, b.code) || a.programId.localeCompare(b.programId)
      : a.opdId.localeCompare(b.opdId),
  );
}

function treeChanges(before: Program | undefined, after: Program): RincianChange[] {
  const changes: RincianChange[] = [];
  const was = before ? kegiatanOf(before) : {};
  for (const kegiatan of Object.values(kegiatanOf(after)).sort(byCode)) {
    const old = Object.hasOwn(was, kegiatan.code) ? was[kegiatan.code] : undefined;
    const entry = itemChange('kegiatan', old, kegiatan, ['indicators', 'notes']);
    if (entry) changes.push(entry);
    for (const sub of Object.values(kegiatan.subKegiatan).sort(byCode)) {
      const oldSub = old && Object.hasOwn(old.subKegiatan, sub.code) ? old.subKegiatan[sub.code] : undefined;
      const subEntry = itemChange('subKegiatan', oldSub, sub, ['indicators', 'pagu', 'lokasi', 'notes']);
      if (subEntry) changes.push(subEntry);
    }
  }
  return changes;
}

function itemChange<T extends Kegiatan | SubKegiatan>(
  level: RincianChange['level'],
  before: T | undefined,
  after: T,
  fields: ReadonlyArray<keyof SubKegiatan & keyof T>,
): RincianChange | undefined {
  const named = { level, code: after.code, title: after.title };
  if (!before) {
    // Added (archived in between too: it was never on the board at the first point).
    const added = fields.flatMap((field) => fieldDiff(field, undefined, after));
    return { ...named, kind: after.archived ? 'archived' : 'added', changes: added };
  }
  const changes = fields.flatMap((field) => fieldDiff(field, before, after));
  if (!before.archived && after.archived) return { ...named, kind: 'archived', changes };
  if (before.archived && !after.archived) return { ...named, kind: 'restored', changes };
  return changes.length > 0 ? { ...named, kind: 'revised', changes } : undefined;
}

function fieldDiff<T extends Kegiatan | SubKegiatan>(
  field: string,
  before: T | undefined,
  after: T,
): FieldChange[] {
  const a = before as Record<string, unknown> | undefined;
  const b = after as unknown as Record<string, unknown>;
  if (field === 'pagu') {
    const pa = (a?.pagu ?? {}) as Record<string, number | null | undefined>;
    const pb = (b.pagu ?? {}) as Record<string, number | null | undefined>;
    return PLAN_YEARS.flatMap((year) => {
      const x = pa[year] ?? null;
      const y = pb[year] ?? null;
      return x === y ? [] : [{ field: `pagu.${year}`, before: x, after: y }];
    });
  }
  const x = a?.[field] ?? (field === 'notes' ? '' : []);
  const y = b[field];
  return canonicalJson(x) === canonicalJson(y) ? [] : [{ field, before: a ? a[field] : null, after: y }];
}

function effectivePaguChanges(before: Program | undefined, after: Program): FieldChange[] {
  return PLAN_YEARS.flatMap((year) => {
    const x = before ? programPaguYear(before, year).value : null;
    const y = programPaguYear(after, year).value;
    return x === y ? [] : [{ field: `pagu.${year}`, before: x, after: y }];
  });
}

const byCode = (a: { code: string }, b: { code: string }) => compareCodes(a.code, b.code);
