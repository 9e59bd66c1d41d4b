/** @jest-environment node */
import type { Actor } from '@selaras/shared';
import { formatRupiah } from '../format/rupiah';
import { translate, type Language, type Translate } from '../i18n/i18n';
import { baseLog, PROGRAM_ID, THEIR_TIME } from './conflict-fixture';
import { changedByText, fieldLabel, formatValue, formatWhen } from './conflict-format';
import type { ConflictField, ConflictValue } from './conflict-resolution';

const tr =
  (language: Language): Translate =>
  (key, params) =>
    translate(language, key, params);
const board = baseLog().state;

describe('formatValue', () => {
  const rows: Array<[string, ConflictValue, Language, string]> = [
    ['pagu in Rupiah', { kind: 'rupiah', amount: 1_250_000_000 }, 'id', formatRupiah(1_250_000_000, 'id')],
    ['pagu not set', { kind: 'rupiah', amount: null }, 'id', 'belum diisi'],
    ['sumber dana not set', { kind: 'text', text: null }, 'en', 'not set'],
    ['empty notes', { kind: 'text', text: '  ' }, 'id', '(kosong)'],
    ['lokasi joined', { kind: 'list', items: ['Betung', 'Talang Kelapa'] }, 'id', 'Betung, Talang Kelapa'],
    ['OPD by name', { kind: 'opd', opdId: 'dinkes' }, 'id', 'Dinas Kesehatan'],
    ['stage by column title', { kind: 'column', columnId: 'telaah-bappeda' }, 'en', 'Telaah Bappeda'],
    [
      'tag by item code and label',
      { kind: 'tag', listId: 'asta-cita', itemId: 'ac-1', tagged: true },
      'id',
      'Diselaraskan dengan AC 1 Pancasila, demokrasi, HAM',
    ],
    ['archived', { kind: 'archived', archived: false }, 'en', 'Active (not archived)'],
    [
      'column order',
      { kind: 'columnPlace', afterId: 'usulan-opd', beforeId: null },
      'id',
      'Setelah kolom Usulan OPD',
    ],
    ['column at the end', { kind: 'columnPlace', afterId: null, beforeId: null }, 'en', 'Last (rightmost)'],
    [
      'indicators: name, unit, targets per year',
      {
        kind: 'indicators',
        indicators: [
          {
            id: 'i-1',
            name: 'Cakupan imunisasi dasar',
            unit: '%',
            baseline: 80,
            targets: { '2025': 90, '2026': 92.5 },
          },
          { id: 'i-2', name: 'Puskesmas terakreditasi', unit: 'unit', baseline: null, targets: {} },
        ],
      },
      'id',
      'Cakupan imunisasi dasar (%): 2025: 90; 2026: 92,5\nPuskesmas terakreditasi (unit): target belum diisi',
    ],
  ];
  it.each(rows)('%s', (_name, value, language, expected) => {
    expect(formatValue(value, board, language, tr(language))).toBe(expected);
  });
});

describe('fieldLabel', () => {
  const rows: Array<[ConflictField, Language, string]> = [
    [{ field: 'pagu', year: '2026' }, 'id', 'Pagu indikatif 2026'],
    [{ field: 'tag', listId: 'asta-cita' }, 'en', 'Alignment with Asta Cita'],
    [{ field: 'title' }, 'id', 'Nomenklatur program'],
  ];
  it.each(rows)('%j in %s', (field, language, expected) => {
    expect(fieldLabel(field, board, tr(language))).toBe(expected);
  });
});

describe('formatWhen (WIB, Asia/Jakarta)', () => {
  const rows: Array<[string, string, Language, string]> = [
    ['2025-02-14T03:15:00.000Z', '2025-02-14T05:00:00.000Z', 'id', 'pukul 10.15 WIB'],
    ['2025-02-14T03:15:00.000Z', '2025-02-14T05:00:00.000Z', 'en', 'at 10:15 WIB'],
    // 00:30 WIB on the 15th is still the 14th in UTC: "today" is the Jakarta day.
    ['2025-02-14T17:30:00.000Z', '2025-02-15T01:00:00.000Z', 'id', 'pukul 00.30 WIB'],
    ['2025-02-14T03:15:00.000Z', '2025-02-15T03:00:00.000Z', 'id', '14 Feb 2025 pukul 10.15 WIB'],
    ['2025-02-14T03:15:00.000Z', '2025-02-15T03:00:00.000Z', 'en', 'on 14 Feb 2025 at 10:15 WIB'],
  ];
  it.each(rows)('%s seen at %s in %s', (at, now, language, expected) => {
    expect(formatWhen(at, language, tr(language), new Date(now))).toBe(expected);
  });
});

describe('changedByText', () => {
  const now = new Date(THEIR_TIME);
  it('names the person, their OPD and the time', () => {
    const log = baseLog();
    const [event] = log.run(
      { id: 'u-dinkes', name: 'Operator Dinas Kesehatan', role: 'opd', opdId: 'dinkes' },
      { type: 'ReviseProgram', data: { programId: PROGRAM_ID, changes: { notes: 'Catatan' } } },
      THEIR_TIME,
    );
    expect(changedByText(event, log.state, 'id', tr('id'), now)).toBe(
      'diubah oleh Operator Dinas Kesehatan (Dinas Kesehatan) pukul 10.15 WIB',
    );
  });

  it('leaves the OPD out for an account without one', () => {
    const log = baseLog();
    const admin: Actor = { id: 'u-admin', name: 'Admin Bappeda', role: 'sekretariat', opdId: null };
    const [event] = log.run(
      admin,
      { type: 'ReviseProgram', data: { programId: PROGRAM_ID, changes: { notes: 'Catatan' } } },
      THEIR_TIME,
    );
    expect(changedByText(event, log.state, 'en', tr('en'), now)).toBe(
      'changed by Admin Bappeda at 10:15 WIB',
    );
  });
});
