/** @jest-environment node */
import { testActors } from '@selaras/shared';
import { translate, type Language } from '../i18n/i18n';
import { demoBoard, recordedEvent } from './display-fixture';
import { actorLabel, describeEvent, formatWib, pushRecent, shortTitle, tickerLine } from './ticker';

const board = demoBoard();
const t =
  (language: Language) => (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate(language, key, params);
const id = t('id');
const en = t('en');

// 03:32 UTC is 10.32 in WIB (UTC+7), whatever time zone the test machine runs in.
const move = recordedEvent(
  {
    type: 'ProgramMoved',
    data: {
      programId: 'dinkes-1-02-02',
      fromColumnId: 'selaras-visi-misi',
      toColumnId: 'selaras-asta-cita',
      rank: 'm',
      fromRank: 'a',
    },
  },
  80,
);

describe('ticker sentences', () => {
  it('says who moved which program where, with the time in WIB (Indonesian by default)', () => {
    expect(tickerLine(move, board, id, 'id')).toBe(
      'Dinas Kesehatan memindahkan 1.02.02 PEMENUHAN UPAYA KESEHATAN… ke Selaras Asta Cita & RPJMN · 10.32',
    );
    expect(tickerLine(move, board, en, 'en')).toBe(
      'Dinas Kesehatan moved 1.02.02 PEMENUHAN UPAYA KESEHATAN… to Selaras Asta Cita & RPJMN · 10:32',
    );
  });

  it('names the OPD of the actor, or the person when they have none (the display account, say)', () => {
    expect(actorLabel(testActors.sekretariat, board)).toBe('Bappeda');
    expect(actorLabel(testActors.layar, board)).toBe('Layar Ruang Rapat');
    expect(actorLabel({ ...testActors.dinkes, opdId: 'dinas-hilang' }, board)).toBe(testActors.dinkes.name);
  });

  it('describes every kind of change in both languages', () => {
    const cases = [
      [
        {
          type: 'ProgramRevised',
          data: { programId: 'putr-1-03-10', changes: { title: 'x', pagu: {} }, before: {} },
        },
        'Dinas Kesehatan mengubah nomenklatur dan pagu 1.03.10 PENYELENGGARAAN JALAN',
        'Dinas Kesehatan changed the name and budget (pagu) of 1.03.10 PENYELENGGARAAN JALAN',
      ],
      [
        {
          type: 'ProgramProposed',
          data: { ...board.programs['putr-1-03-10']!, programId: 'putr-1-03-10', columnId: 'usulan-opd' },
        },
        'Dinas Kesehatan mengusulkan 1.03.10 PENYELENGGARAAN JALAN di Usulan OPD',
        'Dinas Kesehatan proposed 1.03.10 PENYELENGGARAAN JALAN in Usulan OPD',
      ],
      [
        { type: 'ProgramTagged', data: { programId: 'putr-1-03-10', listId: 'asta-cita', itemId: 'ac-3' } },
        'Dinas Kesehatan menandai 1.03.10 PENYELENGGARAAN JALAN dengan AC 3 (Lapangan kerja & infrastruktur)',
        'Dinas Kesehatan tagged 1.03.10 PENYELENGGARAAN JALAN with AC 3 (Lapangan kerja & infrastruktur)',
      ],
      [
        { type: 'ProgramArchived', data: { programId: 'putr-1-03-10', reason: '' } },
        'Dinas Kesehatan mengarsipkan 1.03.10 PENYELENGGARAAN JALAN',
        'Dinas Kesehatan archived 1.03.10 PENYELENGGARAAN JALAN',
      ],
      [
        {
          type: 'ProgramMoved',
          data: {
            programId: 'putr-1-03-10',
            fromColumnId: 'usulan-opd',
            toColumnId: 'usulan-opd',
            rank: 'b',
            fromRank: 'a',
          },
        },
        'Dinas Kesehatan mengurutkan ulang 1.03.10 PENYELENGGARAAN JALAN di Usulan OPD',
        'Dinas Kesehatan reordered 1.03.10 PENYELENGGARAAN JALAN in Usulan OPD',
      ],
      [
        { type: 'ColumnRenamed', data: { columnId: 'ditunda', title: 'Ditunda 2026', before: 'Ditunda' } },
        'Dinas Kesehatan mengganti nama kolom Ditunda menjadi Ditunda 2026',
        'Dinas Kesehatan renamed the column Ditunda to Ditunda 2026',
      ],
      // Meetings (issue 4) read by their title, whether or not this domain build knows the type.
      [
        { type: 'MeetingStarted', data: { meetingId: 'm-1', title: 'Rapat sinkronisasi 14 Februari' } },
        'Dinas Kesehatan memulai rapat "Rapat sinkronisasi 14 Februari"',
        'Dinas Kesehatan started the meeting "Rapat sinkronisasi 14 Februari"',
      ],
      [
        { type: 'SomethingNew', data: {} },
        'Dinas Kesehatan mencatat SomethingNew',
        'Dinas Kesehatan recorded SomethingNew',
      ],
    ] as const;
    for (const [event, indonesian, english] of cases) {
      const recorded = recordedEvent(event as never, 81);
      expect(describeEvent(recorded, board, id)).toBe(indonesian);
      expect(describeEvent(recorded, board, en)).toBe(english);
    }
  });

  it('says so when a change brings a program back to an earlier revision', () => {
    const revert = recordedEvent({ ...move, data: { ...move.data, revertedTo: 41 } } as never, 82);
    expect(describeEvent(revert, board, id)).toBe(
      'Dinas Kesehatan mengembalikan 1.02.02 PEMENUHAN UPAYA KESEHATAN… ke keadaan revisi 41',
    );
  });

  it('reads an unknown program or column by its id rather than failing', () => {
    const ghost = recordedEvent(
      {
        type: 'ProgramMoved',
        data: { programId: 'p-x', fromColumnId: 'a', toColumnId: 'k-x', rank: 'm', fromRank: 'a' },
      },
      83,
    );
    expect(describeEvent(ghost, board, id)).toBe('Dinas Kesehatan memindahkan p-x ke k-x');
  });
});

describe('shortTitle', () => {
  it('drops the leading "Program" and cuts at a word', () => {
    expect(shortTitle('Program Penyelenggaraan Jalan')).toBe('Penyelenggaraan Jalan');
    expect(
      shortTitle('Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat', 26),
    ).toBe('Pemenuhan Upaya Kesehatan…');
    expect(shortTitle('Program')).toBe('Program');
  });
});

describe('formatWib', () => {
  it('is the time in Asia/Jakarta: HH.mm in Indonesian, HH:mm in English', () => {
    expect(formatWib('2025-02-14T17:05:00.000Z', 'id')).toBe('00.05');
    expect(formatWib('2025-02-14T17:05:00.000Z', 'en')).toBe('00:05');
  });
});

describe('pushRecent', () => {
  it('keeps the newest few, newest first, each revision once', () => {
    const events = Array.from({ length: 10_000 }, (_, i) => ({ ...move, revision: i }));
    let recent = pushRecent([], events.slice(0, 3), 5);
    expect(recent.map((e) => e.revision)).toEqual([2, 1, 0]);
    recent = pushRecent(recent, events.slice(2, 5), 5);
    expect(recent.map((e) => e.revision)).toEqual([4, 3, 2, 1, 0]);
    for (let i = 0; i < events.length; i += 7) recent = pushRecent(recent, events.slice(i, i + 7), 5);
    expect(recent.map((e) => e.revision)).toEqual([9999, 9998, 9997, 9996, 9995]);
  });
});
