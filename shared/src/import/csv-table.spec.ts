import { tableFromCsv } from './csv-table';

describe('CSV as an import table', () => {
  it('reads the semicolon CSV of an Indonesian Excel, with comma decimals and quoted semicolons', () => {
    const table = tableFromCsv('\uFEFFKode;Nama;Pagu 2026\r\n1.02.02;"Program; A";1.250.000,00\r\n');
    expect(table.rows).toEqual([
      ['Kode', 'Nama', 'Pagu 2026'],
      ['1.02.02', 'Program; A', '1.250.000,00'],
    ]);
  });

  it('reads comma CSV with quoted commas, and tabs', () => {
    expect(tableFromCsv('Kode,Nama\n1.02.02,"Program, A"\n').rows[1]).toEqual(['1.02.02', 'Program, A']);
    expect(tableFromCsv('Kode\tNama\n1.02.02\tB\n').rows[1]).toEqual(['1.02.02', 'B']);
  });

  it('keeps empty cells empty', () => {
    expect(tableFromCsv('a;b;c\n1;;3\n').rows[1]).toEqual(['1', null, '3']);
  });

  it('throws on an unclosed quote (the server answers 400)', () => {
    expect(() => tableFromCsv('a,b\n"1,2\n')).toThrow();
  });
});
