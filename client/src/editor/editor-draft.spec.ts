import type { ProgramFields } from '@selaras/shared';
import {
  buildRevision,
  changedMeanwhile,
  emptyDraft,
  emptyIndicatorRow,
  fieldIssue,
  formValues,
  hasUnsavedWork,
  shownValues,
  touch,
  untouch,
  type Draft,
  type FormKey,
  type FormValues,
} from './editor-draft';

const program: ProgramFields = {
  code: '1.02.02',
  title: 'Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat',
  opdId: 'dinkes',
  indicators: [
    { id: 'ind-a', name: 'Cakupan layanan', unit: '%', baseline: 80.5, targets: { '2025': 82, '2026': 84 } },
  ],
  pagu: { '2025': 1_000_000_000, '2026': null },
  lokasi: ['Betung', 'Rambutan'],
  sumberDana: 'APBD',
  notes: 'Data contoh.',
};

const known = new Set(['1.02.02', '1.02.03']);
const ctx = { programId: 'dinkes-1-02-02', language: 'id' as const, knownCode: (c: string) => known.has(c) };

/** Types into the draft the way the form does: against the live values and the revision of that moment. */
function type<K extends FormKey>(draft: Draft, key: K, value: FormValues[K], live = program, revision = 7) {
  return touch(draft, key, value, formValues(live, 'id'), revision);
}

describe('the editor draft', () => {
  it('shows the live program until a field is touched', () => {
    const live = formValues(program, 'id');
    expect(shownValues(emptyDraft, live)).toEqual(live);
    expect(live['pagu.2025']).toBe('1.000.000.000');
    expect(live['pagu.2026']).toBe('');
    expect(live.indicators[0]!.baseline).toBe('80,5');
  });

  it('keeps what was typed in touched fields while untouched ones follow the live program', () => {
    const draft = type(emptyDraft, 'title', 'Judul saya');
    const changedByOthers = { ...program, notes: 'Catatan Disdik', title: 'Judul Disdik' };
    const shown = shownValues(draft, formValues(changedByOthers, 'id'));
    expect(shown.title).toBe('Judul saya');
    expect(shown.notes).toBe('Catatan Disdik');
    // …and says the touched one was changed by someone else meanwhile.
    expect(changedMeanwhile(draft, formValues(changedByOthers, 'id'))).toEqual(['title']);
    expect(changedMeanwhile(draft, formValues(program, 'id'))).toEqual([]);
  });

  it('sends only the fields that changed, with the revision of the first touch as the base', () => {
    let draft = type(emptyDraft, 'title', '  Program Kesehatan Baru ', program, 7);
    draft = type(draft, 'notes', 'Data contoh.', program, 9); // typed back to what it was
    draft = type(draft, 'sumberDana', 'DAK', program, 9);
    const result = buildRevision(draft, ctx);
    expect(result).toEqual({
      ok: true,
      baseRevision: 7,
      changes: { title: 'Program Kesehatan Baru', sumberDana: 'DAK' },
    });
  });

  it('sends only the pagu years that changed; an emptied year is null (not set)', () => {
    let draft = type(emptyDraft, 'pagu.2025', '', program);
    draft = type(draft, 'pagu.2026', '1.250.000.000');
    draft = type(draft, 'pagu.2027', '');
    const result = buildRevision(draft, ctx);
    expect(result).toEqual({
      ok: true,
      baseRevision: 7,
      changes: { pagu: { '2025': null, '2026': 1_250_000_000 } },
    });
  });

  it('compares with the value at the first touch, not with what someone saved since', () => {
    // Someone else set 2026 while this person was typing the same year: theirs is not "unchanged".
    const draft = type(emptyDraft, 'pagu.2026', '500.000');
    const result = buildRevision(draft, ctx);
    expect(result).toMatchObject({ ok: true, changes: { pagu: { '2026': 500_000 } } });
  });

  it('says when nothing changed', () => {
    const draft = type(emptyDraft, 'code', '1.02.02 ');
    expect(buildRevision(draft, ctx)).toEqual({ ok: true, changes: null });
    expect(buildRevision(emptyDraft, ctx)).toEqual({ ok: true, changes: null });
  });

  it('refuses an invalid pagu, a code not in the nomenclature and an empty title, each at its field', () => {
    let draft = type(emptyDraft, 'pagu.2027', '12abc');
    draft = type(draft, 'code', '1.99.99');
    draft = type(draft, 'title', '');
    const result = buildRevision(draft, ctx);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path).sort()).toEqual(['code', 'pagu.2027', 'title']);
    for (const issue of result.issues) {
      expect(issue.message).not.toBe('');
      expect(issue.messageEn).not.toBe('');
    }
  });

  it('sends the whole indicator list when a row changes, parsed, with empty years left out', () => {
    const live = formValues(program, 'id');
    const added = { ...emptyIndicatorRow('ind-b'), name: 'Jumlah puskesmas', unit: 'unit', baseline: '12' };
    added.targets['2029'] = '15';
    const rows = [{ ...live.indicators[0]!, baseline: '81,25' }, added];
    const result = buildRevision(type(emptyDraft, 'indicators', rows), ctx);
    expect(result).toMatchObject({
      ok: true,
      changes: {
        indicators: [
          {
            id: 'ind-a',
            name: 'Cakupan layanan',
            unit: '%',
            baseline: 81.25,
            targets: { '2025': 82, '2026': 84 },
          },
          { id: 'ind-b', name: 'Jumlah puskesmas', unit: 'unit', baseline: 12, targets: { '2029': 15 } },
        ],
      },
    });
  });

  it('points indicator problems at the row and column', () => {
    const live = formValues(program, 'id');
    const rows = [
      { ...live.indicators[0]!, name: ' ', targets: { ...live.indicators[0]!.targets, '2028': 'x' } },
    ];
    const result = buildRevision(type(emptyDraft, 'indicators', rows), ctx);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toEqual(['indicators.0.targets.2028']);
    // Once the numbers parse, the shared schema speaks: the name is required.
    const fixed = [{ ...rows[0]!, targets: { ...rows[0]!.targets, '2028': '90' } }];
    const again = buildRevision(type(emptyDraft, 'indicators', fixed), ctx);
    expect(again.ok || again.issues.map((i) => i.path)).toEqual(['indicators.0.name']);
  });

  it('compares lokasi as a set', () => {
    const reordered = buildRevision(type(emptyDraft, 'lokasi', ['Rambutan', 'Betung']), ctx);
    expect(reordered).toEqual({ ok: true, changes: null });
    const added = buildRevision(type(emptyDraft, 'lokasi', ['Betung', 'Rambutan', 'Air Salek']), ctx);
    expect(added).toMatchObject({ ok: true, changes: { lokasi: ['Betung', 'Rambutan', 'Air Salek'] } });
  });

  it('knows unsaved work, and forgets a field given back to the live value', () => {
    let draft = type(emptyDraft, 'notes', 'Data contoh.');
    expect(hasUnsavedWork(draft)).toBe(false);
    draft = type(draft, 'title', 'Baru', program, 8);
    expect(hasUnsavedWork(draft)).toBe(true);
    draft = untouch(draft, 'title');
    expect(draft.values).toEqual({ notes: 'Data contoh.' });
    expect(draft.baseRevision).toBe(7);
    expect(untouch(draft, 'notes')).toEqual(emptyDraft);
  });

  it('maps schema paths to form fields', () => {
    expect(fieldIssue({ path: 'changes.pagu.2026', message: 'a', messageEn: 'b' }).path).toBe('pagu.2026');
    expect(fieldIssue({ path: 'changes', message: 'a', messageEn: 'b' }).path).toBe('');
    expect(fieldIssue({ path: 'title', message: 'a', messageEn: 'b' }).path).toBe('title');
  });
});
