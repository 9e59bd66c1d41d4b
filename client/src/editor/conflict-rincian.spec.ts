/** @jest-environment node */
import { NOMENCLATURE_FULL_VERSION, nomenclatureByVersion } from '@selaras/shared';
import { translate } from '../i18n/i18n';
import { conflictOf, PROGRAM_ID, type Step } from './conflict-fixture';
import { fieldLabel, formatValue } from './conflict-format';
import { analyzeConflict, buildReplacement } from './conflict-resolution';

// Real codes: the first kegiatan of 1.02.02 in the full list (registered by the client's jest setup).
const FULL = nomenclatureByVersion(NOMENCLATURE_FULL_VERSION)!;
const KEGIATAN = FULL.children!.get('1.02.02')![0]!;
const SUB = FULL.children!.get(KEGIATAN)![0]!;
const P = PROGRAM_ID;
const subKey = (field: string) => `program:${P}:sub:${SUB}:${field}`;
const setup: Step[] = [
  { type: 'ChangeNomenclature', data: { version: NOMENCLATURE_FULL_VERSION } },
  { type: 'AddKegiatan', data: { programId: P, code: KEGIATAN } },
  { type: 'AddSubKegiatan', data: { programId: P, code: SUB, pagu: { '2026': 100 } } },
];
const reviseSub = (changes: Record<string, unknown>): Step => ({
  type: 'ReviseSubKegiatan',
  data: { programId: P, code: SUB, changes },
});
const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
  translate('id', key, params);

describe('a conflict on a sub-kegiatan', () => {
  it('shows theirs vs mine for the same year, and keeps the years and fields nobody else touched', () => {
    const { pending, confirmed } = conflictOf(
      reviseSub({ pagu: { '2026': 700, '2027': 900 }, notes: 'Lokasi prioritas' }),
      [reviseSub({ pagu: { '2026': 500 } })],
      setup,
    );
    const analysis = analyzeConflict(pending, confirmed);
    expect(analysis.subject).toMatchObject({ kind: 'program', programId: P });
    expect(analysis.rows.map((r) => [r.key, r.mine, r.theirs])).toEqual([
      [subKey('pagu.2026'), { kind: 'rupiah', amount: 700 }, { kind: 'rupiah', amount: 500 }],
    ]);
    expect(analysis.alsoSaved.map((s) => s.key).sort()).toEqual([subKey('notes'), subKey('pagu.2027')]);
    const row = analysis.rows[0]!;
    expect(fieldLabel(row.field, confirmed, t)).toBe(`Sub-kegiatan ${SUB}: Pagu indikatif 2026`);
    expect(formatValue(row.theirs, confirmed, 'id', t)).toMatch(/Rp\s500/);

    expect(buildReplacement(pending, confirmed, { [subKey('pagu.2026')]: 'theirs' })).toEqual({
      type: 'ReviseSubKegiatan',
      data: { programId: P, code: SUB, changes: { pagu: { '2027': 900 }, notes: 'Lokasi prioritas' } },
    });
    expect(buildReplacement(pending, confirmed, { [subKey('pagu.2026')]: 'mine' })).toEqual({
      type: 'ReviseSubKegiatan',
      data: {
        programId: P,
        code: SUB,
        changes: { pagu: { '2026': 700, '2027': 900 }, notes: 'Lokasi prioritas' },
      },
    });
  });

  it('drops a revise with nothing left, and keeps or drops an archive whole', () => {
    const only = conflictOf(
      reviseSub({ pagu: { '2026': 700 } }),
      [reviseSub({ pagu: { '2026': 500 } })],
      setup,
    );
    expect(buildReplacement(only.pending, only.confirmed, { [subKey('pagu.2026')]: 'theirs' })).toBeNull();

    const archive = conflictOf(
      { type: 'ArchiveKegiatan', data: { programId: P, code: KEGIATAN } },
      [
        { type: 'ArchiveKegiatan', data: { programId: P, code: KEGIATAN } },
        { type: 'UnarchiveKegiatan', data: { programId: P, code: KEGIATAN } },
      ],
      setup,
    );
    const key = `program:${P}:kegiatan:${KEGIATAN}:archived`;
    const analysis = analyzeConflict(archive.pending, archive.confirmed);
    expect(analysis.rows.map((r) => [r.key, r.mine, r.theirs])).toEqual([
      [key, { kind: 'archived', archived: true }, { kind: 'archived', archived: false }],
    ]);
    expect(fieldLabel(analysis.rows[0]!.field, archive.confirmed, t)).toBe(
      `Kegiatan ${KEGIATAN}: ${t('conflict.field.archived')}`,
    );
    expect(buildReplacement(archive.pending, archive.confirmed, { [key]: 'theirs' })).toBeNull();
    expect(buildReplacement(archive.pending, archive.confirmed, { [key]: 'mine' })).toMatchObject({
      type: 'ArchiveKegiatan',
    });
  });
});
