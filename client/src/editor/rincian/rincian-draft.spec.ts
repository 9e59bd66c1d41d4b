/** @jest-environment node */
import { NOMENCLATURE_FULL_VERSION, nomenclatureByVersion, type SubKegiatan } from '@selaras/shared';
import { buildSubChanges, prefillIndicator, subFormValues } from './rincian-draft';

const FULL = nomenclatureByVersion(NOMENCLATURE_FULL_VERSION)!;
const KEGIATAN = FULL.children!.get('1.02.02')![0]!;
const CODE = FULL.children!.get(KEGIATAN)![0]!;
const target = { programId: 'p', code: CODE };
const sub: SubKegiatan = {
  code: CODE,
  title: FULL.entries.get(CODE)!.title,
  archived: false,
  updatedAt: '',
  updatedRevision: 3,
  indicators: [],
  pagu: { '2026': 1_000_000 },
  lokasi: ['Betung'],
  notes: '',
};

describe('the sub-kegiatan form', () => {
  const opened = subFormValues(sub, 'id');

  it('sends only the years and fields that differ from what the form opened with', () => {
    const typed = { ...opened, pagu: { ...opened.pagu, '2026': '1.000.000', '2027': '2.500.000' } };
    expect(buildSubChanges(target, opened, typed, 'id')).toEqual({
      ok: true,
      changes: { pagu: { '2027': 2_500_000 } },
    });
    // A year emptied goes back to not set; ticking the same kecamatan in another order is no change.
    const emptied = { ...opened, pagu: { ...opened.pagu, '2026': '' }, lokasi: ['Betung'] };
    expect(buildSubChanges(target, opened, emptied, 'id')).toEqual({
      ok: true,
      changes: { pagu: { '2026': null } },
    });
    expect(buildSubChanges(target, opened, opened, 'id')).toEqual({ ok: true, changes: null });
  });

  it('says what is wrong, at its field, and sends nothing', () => {
    const typed = {
      ...opened,
      pagu: { ...opened.pagu, '2028': 'Rp 1,25 M' },
      indicators: [
        {
          id: 'ind-1',
          name: 'Jumlah',
          unit: 'Unit',
          baseline: 'x',
          targets: { '2025': '', '2026': '', '2027': '', '2028': '', '2029': '' },
        },
      ],
    };
    const built = buildSubChanges(target, opened, typed, 'id');
    expect(built.ok).toBe(false);
    if (!built.ok)
      expect(built.issues.map((i) => i.path).sort()).toEqual(['indicators.0.baseline', 'pagu.2028']);
  });

  it("prefills the decree's indicator, with no target or baseline", () => {
    const entry = FULL.entries.get(CODE)!;
    const indicator = prefillIndicator(entry, 'ind-x');
    expect(indicator).toEqual({
      id: 'ind-x',
      kinerja: entry.kinerja,
      name: entry.indikator,
      unit: entry.satuan,
      baseline: null,
      targets: {},
    });
    expect(prefillIndicator(FULL.entries.get(KEGIATAN), 'ind-y')).toBeUndefined();
  });
});
