import { NOMENCLATURE_2021_PROGRAMS, type Opd } from '@selaras/shared';
import { isKnownCode, suggestCodes, titleAfterCodeChange } from './editor-codes';
import { buildProposal, initialProposeForm, lockedOpd } from './propose-form';

const nomenclature = NOMENCLATURE_2021_PROGRAMS;
const opds: Record<string, Opd> = {
  dinkes: { id: 'dinkes', name: 'Dinas Kesehatan', short: 'Dinkes' },
  disdik: { id: 'disdik', name: 'Dinas Pendidikan', short: 'Disdik' },
};
const columns = [
  { id: 'usulan-opd', title: 'Usulan OPD', rank: 'a', programIds: [] },
  { id: 'telaah', title: 'Telaah Bappeda', rank: 'b', programIds: [] },
];
const opdUser = { role: 'opd' as const, opdId: 'dinkes' };
const secretariat = { role: 'sekretariat' as const, opdId: 'bappeda' };

describe('proposing a program', () => {
  it('locks an OPD operator to their own OPD and lets the secretariat choose', () => {
    expect(lockedOpd(opdUser)).toBe('dinkes');
    expect(lockedOpd(secretariat)).toBeNull();
    expect(initialProposeForm(columns, opdUser)).toMatchObject({ opdId: 'dinkes', columnId: 'usulan-opd' });
    expect(initialProposeForm(columns, secretariat)).toMatchObject({ opdId: '', columnId: 'usulan-opd' });
  });

  it('builds the command from a known code', () => {
    const form = {
      ...initialProposeForm(columns, opdUser),
      code: ' 1.02.03',
      title: 'Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan',
      sumberDana: ' APBD ',
    };
    const built = buildProposal(form, { programId: 'p-1', nomenclature, opds, lockedOpdId: 'dinkes' });
    expect(built).toEqual({
      ok: true,
      data: {
        programId: 'p-1',
        code: '1.02.03',
        title: 'Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan',
        opdId: 'dinkes',
        columnId: 'usulan-opd',
        sumberDana: 'APBD',
      },
    });
  });

  it('rejects a well-formed code that is not in the nomenclature list, and says so at the code', () => {
    const form = { ...initialProposeForm(columns, opdUser), code: '1.02.99', title: 'Program Khayalan' };
    const built = buildProposal(form, { programId: 'p-1', nomenclature, opds, lockedOpdId: 'dinkes' });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.issues).toHaveLength(1);
    expect(built.issues[0]).toMatchObject({ path: 'code' });
    expect(built.issues[0]!.message).toContain('1.02.99');
    expect(built.issues[0]!.messageEn).toContain('not in');
  });

  it('asks for an OPD, refuses another OPD for an operator, and checks the title', () => {
    const empty = buildProposal(
      { ...initialProposeForm(columns, secretariat), code: '1.01.02', title: 'ab' },
      { programId: 'p-1', nomenclature, opds, lockedOpdId: null },
    );
    expect(empty.ok || empty.issues.map((i) => i.path).sort()).toEqual(['opdId', 'title']);
    const other = buildProposal(
      { ...initialProposeForm(columns, opdUser), opdId: 'disdik', code: '1.01.02', title: 'Program X' },
      { programId: 'p-1', nomenclature, opds, lockedOpdId: 'dinkes' },
    );
    expect(other.ok || other.issues.map((i) => i.messageEn)).toEqual([
      'You can only propose programs for your own OPD.',
    ]);
  });
});

describe('the nomenclature autocomplete', () => {
  it('suggests codes by prefix, then names containing the text', () => {
    expect(suggestCodes(nomenclature, '1.02').map((e) => e.code)).toEqual(['1.02.02', '1.02.03']);
    expect(suggestCodes(nomenclature, 'penyuluhan').map((e) => e.code)).toEqual(['3.27.07']);
    expect(suggestCodes(nomenclature, '').length).toBeGreaterThan(10);
    expect(suggestCodes(undefined, '1')).toEqual([]);
    expect(isKnownCode(nomenclature, '1.02.02 ')).toBe(true);
    expect(isKnownCode(nomenclature, '1.02.99')).toBe(false);
  });

  it('fills the official name when the code is chosen, but keeps a name the person wrote', () => {
    expect(titleAfterCodeChange(nomenclature, '', '1.03.10', '')).toBe('Program Penyelenggaraan Jalan');
    expect(titleAfterCodeChange(nomenclature, '1.03.10', '1.04.02', 'Program Penyelenggaraan Jalan')).toBe(
      'Program Pengembangan Perumahan',
    );
    expect(titleAfterCodeChange(nomenclature, '1.03.10', '1.04.02', 'Nama saya')).toBe('Nama saya');
    expect(titleAfterCodeChange(nomenclature, '1.03.10', '1.04', 'Program Penyelenggaraan Jalan')).toBe(
      'Program Penyelenggaraan Jalan',
    );
  });
});
