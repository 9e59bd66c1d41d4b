import type { ImportIssueCode, RowIssue } from './import-types';
import type { NumberProblem } from './numbers';

/**
 * The row messages of the import, in both languages. Each names the row (and the column, for a cell)
 * so a person can find it in the file: "Baris 12, kolom H (Pagu 2026): …".
 */
export interface CellRef {
  row: number;
  letter: string;
  header: string;
}

function where(ref: CellRef): [string, string] {
  const header = ref.header ? ` (${ref.header})` : '';
  return [`Baris ${ref.row}, kolom ${ref.letter}${header}`, `Row ${ref.row}, column ${ref.letter}${header}`];
}

export function rowIssue(
  code: ImportIssueCode,
  message: string,
  messageEn: string,
  column?: string,
): RowIssue {
  return column === undefined ? { code, message, messageEn } : { code, column, message, messageEn };
}

const shown = (text: string) => `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;

export function numberIssue(ref: CellRef, text: string, problem: NumberProblem, rupiah: boolean): RowIssue {
  const [id, en] = where(ref);
  const value = shown(text);
  const say = (code: ImportIssueCode, idText: string, enText: string) =>
    rowIssue(code, `${id}: ${value} ${idText}`, `${en}: ${value} ${enText}`, ref.letter);
  switch (problem) {
    case 'abbreviated':
      return say(
        'AbbreviatedNumber',
        'memakai singkatan; tulis angka lengkap, mis. 1.250.000.000 (bukan "1,25 M").',
        'is abbreviated; write the full number, e.g. 1.250.000.000 (not "1,25 M").',
      );
    case 'notWhole':
      return say(
        'NotWholeRupiah',
        'bukan Rupiah bulat; pagu ditulis tanpa sen, mis. 1.250.000.',
        'is not whole Rupiah; write pagu without cents, e.g. 1.250.000.',
      );
    case 'negative':
      return say(
        'NegativeNumber',
        'negatif; pagu tidak boleh negatif.',
        'is negative; pagu cannot be negative.',
      );
    case 'ambiguous':
      return say(
        'AmbiguousNumber',
        rupiah
          ? 'tidak jelas; pakai titik sebagai pemisah ribuan dan koma untuk desimal, mis. 1.250.000.000.'
          : 'tidak jelas; pakai koma untuk desimal, mis. 95,5 (titik memisahkan ribuan).',
        rupiah
          ? 'is ambiguous; use dots to group thousands and a comma for decimals, e.g. 1.250.000.000.'
          : 'is ambiguous; use a comma for decimals, e.g. 95,5 (a dot groups thousands).',
      );
    case 'tooLarge':
      return say('BadNumber', 'terlalu besar.', 'is too large.');
    case 'notANumber':
      return say(
        'BadNumber',
        rupiah ? 'bukan angka Rupiah; tulis mis. 1.250.000.000.' : 'bukan angka; tulis mis. 95 atau 95,5.',
        rupiah
          ? 'is not a Rupiah amount; write e.g. 1.250.000.000.'
          : 'is not a number; write e.g. 95 or 95,5.',
      );
  }
}

export function formulaIssue(
  ref: CellRef,
  text: string,
  kind: 'formulaWithoutValue' | 'errorValue',
): RowIssue {
  const [id, en] = where(ref);
  return kind === 'formulaWithoutValue'
    ? rowIssue(
        'FormulaWithoutValue',
        `${id}: rumus ${shown(text)} tidak punya nilai tersimpan (rumus tidak dijalankan); buka file di Excel atau LibreOffice, simpan ulang, lalu impor lagi.`,
        `${en}: the formula ${shown(text)} has no stored value (formulas are never run); open the file in Excel or LibreOffice, save it again, then import.`,
        ref.letter,
      )
    : rowIssue(
        'ErrorValue',
        `${id}: sel berisi galat ${shown(text)}; perbaiki di file.`,
        `${en}: the cell holds the error ${shown(text)}; fix it in the file.`,
        ref.letter,
      );
}

export function codeIssue(ref: CellRef, text: string, asNumber: boolean): RowIssue {
  const [id, en] = where(ref);
  return rowIssue(
    'InvalidCode',
    `${id}: kode ${shown(text)} tidak berbentuk kode nomenklatur (mis. 1.02.02.2.01.0001)${asNumber ? '; sel ini berisi angka, format kolom kode sebagai teks' : ''}.`,
    `${en}: ${shown(text)} is not a nomenclature code (e.g. 1.02.02.2.01.0001)${asNumber ? '; the cell holds a number, format the code column as text' : ''}.`,
    ref.letter,
  );
}
