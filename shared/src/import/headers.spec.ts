import { columnLetter, matchHeader, readHeader } from './headers';
import type { ImportCell } from './import-types';

describe('header matching', () => {
  it.each([
    [['Kode'], 'code'],
    [['KODE'], 'code'],
    [['  kode  rekening '], 'code'],
    [['Program/Kegiatan/Sub Kegiatan'], 'name'],
    [['Program (nomenklatur)'], 'name'],
    [['Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan'], 'name'],
    [['Uraian'], 'name'],
    [['OPD'], 'opd'],
    [['Perangkat Daerah'], 'opd'],
    [['Perangkat Daerah Penanggung Jawab'], 'opd'],
    [['OPD penanggung jawab'], 'opd'],
    [['SKPD'], 'opd'],
    [['Satuan Kerja'], 'opd'],
    [['Indikator'], 'indicator'],
    [['Indikator Kinerja Program (Outcome)/Kegiatan (Output)'], 'indicator'],
    [['Satuan'], 'unit'],
    [['Kondisi awal (baseline)'], 'baseline'],
    [['Kondisi Kinerja Awal RPJMD (Tahun 0)'], 'baseline'],
    [['Kinerja'], 'kinerja'],
    [['Lokasi'], 'lokasi'],
    [['Lokasi (kecamatan)'], 'lokasi'],
    [['Sumber Dana'], 'sumberDana'],
    [['Keterangan'], 'notes'],
    [['Pagu 2026'], 'pagu.2026'],
    [['pagu  indikatif 2026'], 'pagu.2026'],
    [['Pagu Indikatif 2026 (Rp)'], 'pagu.2026'],
    [['PAGU-INDIKATIF-2026'], 'pagu.2026'],
    [['Kebutuhan Dana 2027'], 'pagu.2027'],
    [['Target 2027'], 'target.2027'],
    [['Target Kinerja 2027'], 'target.2027'],
    [['2025', 'Target'], 'target.2025'],
    [['2025', 'Pagu indikatif (Rp)'], 'pagu.2025'],
    [['2025', 'K'], 'target.2025'],
    [['2025', 'Rp'], 'pagu.2025'],
    [['Capaian Kinerja Program dan Kerangka Pendanaan', '2028', 'Target'], 'target.2028'],
    [['Capaian Kinerja Program dan Kerangka Pendanaan', '2028', 'Rp'], 'pagu.2028'],
    [['Kondisi akhir 2029', 'Target'], 'ignore'],
    [['Kondisi Kinerja pada Akhir Periode RPJMD', 'Rp'], 'ignore'],
    [['Target 2030'], 'ignore'],
    [['No'], 'ignore'],
    [['Keselarasan: Program Prioritas Bupati'], 'ignore'],
    [['Keselarasan: Misi Bupati Banyuasin 2025–2030 (Sapta Cita)'], 'ignore'],
    [['Tahap di papan'], 'ignore'],
    [['2026'], null],
    [['Warna'], null],
    [[''], null],
  ])('%j → %j', (parts, field) => {
    expect(matchHeader(parts)).toBe(field);
  });

  it('names columns as spreadsheets do', () => {
    expect([0, 1, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('finding the header', () => {
  const sheet = (rows: ImportCell[][]) => ({ sheet: 'S', rows });

  it('skips title rows, joins a two-row header and carries a year over the column it spans', () => {
    const reading = readHeader(
      sheet([
        ['RENSTRA DINAS KESEHATAN 2025–2029 (CONTOH)'],
        [],
        ['Kode', 'Program/Kegiatan', 'Indikator', 'Satuan', '2026', null, 'OPD'],
        [null, null, null, null, 'Target', 'Pagu', null],
        ['1.02.02', 'PROGRAM …', 'Cakupan', '%', 90, 1000, 'Dinkes'],
      ]),
    );
    expect(reading.headerRows).toEqual([2, 3]);
    expect(reading.firstDataRow).toBe(4);
    expect(reading.columns.map((c) => c.field)).toEqual([
      'code',
      'name',
      'indicator',
      'unit',
      'target.2026',
      'pagu.2026',
      'opd',
    ]);
    expect(reading.needsMapping).toBe(false);
  });

  it('skips a column-numbering row under the header', () => {
    const reading = readHeader(
      sheet([
        ['Kode', 'Uraian', 'Pagu 2025'],
        ['(1)', '(2)', '(3)'],
        ['1.02.02', 'x', '5'],
      ]),
    );
    expect(reading.headerRows).toEqual([0, 1]);
    expect(reading.firstDataRow).toBe(2);
  });

  it('asks about unknown headers and data without a header, and maps them when told', () => {
    const rows: ImportCell[][] = [
      ['Kode', 'Nama', '2026', 'Warna', null],
      ['1.02.02', 'x', '5', 'merah', 'catatan lepas'],
    ];
    const first = readHeader(sheet(rows));
    expect(first.unmapped).toEqual([2, 3, 4]);
    expect(first.needsMapping).toBe(true);
    expect(first.columns[3]!.samples).toEqual(['merah']);
    const mapped = readHeader(sheet(rows), { '2': 'pagu.2026', '3': 'ignore', '4': 'notes' });
    expect(mapped.unmapped).toEqual([]);
    expect(mapped.needsMapping).toBe(false);
    expect(mapped.columns.map((c) => [c.field, c.by])).toEqual([
      ['code', 'header'],
      ['name', 'header'],
      ['pagu.2026', 'mapping'],
      ['ignore', 'mapping'],
      ['notes', 'mapping'],
    ]);
  });

  it('needs a code column, and asks about a second column claiming the same field', () => {
    expect(
      readHeader(
        sheet([
          ['Nama', 'Pagu 2026'],
          ['x', '1'],
        ]),
      ).needsMapping,
    ).toBe(true);
    const twice = readHeader(
      sheet([
        ['Kode', 'Pagu 2026', 'Pagu indikatif 2026'],
        ['1.02.02', '1', '2'],
      ]),
    );
    expect(twice.unmapped).toEqual([2]);
  });
});
