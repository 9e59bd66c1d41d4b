import { csvRecords, parseCsv } from './csv';

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, and drops a BOM', () => {
    const text = '\uFEFFcode,name\r\n1.02,"Kesehatan, Umum"\r\n2,"Kata ""kutip"""\n3,"dua\nbaris"\n';
    expect(parseCsv(text)).toEqual([
      ['code', 'name'],
      ['1.02', 'Kesehatan, Umum'],
      ['2', 'Kata "kutip"'],
      ['3', 'dua\nbaris'],
    ]);
  });

  it('keeps empty fields and a last line without a line end; skips blank lines', () => {
    expect(parseCsv('a,,c\n\nd,e,')).toEqual([
      ['a', '', 'c'],
      ['d', 'e', ''],
    ]);
  });

  it('refuses a quoted field that never closes', () => {
    expect(() => parseCsv('a,"b\n')).toThrow(/not closed/);
  });

  it('maps rows to records by header and names missing columns', () => {
    expect(csvRecords('code,name\n1, Urusan \n', ['code'])).toEqual([{ code: '1', name: 'Urusan' }]);
    expect(() => csvRecords('code\n1\n', ['code', 'name'])).toThrow(/name/);
  });
});
