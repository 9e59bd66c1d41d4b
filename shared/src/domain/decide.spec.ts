import { NOMENCLATURE_2021_PROGRAMS } from '../reference/nomenclature';
import type { Opd } from '../reference/opds';
import { ASTA_CITA, PHTC, PROGRAM_PRO_RAKYAT } from '../reference/reference-lists';
import { command, given, recorded, testActors } from '../testing/given-when-then';
import { fullNomenclature } from '../testing/full-nomenclature.spec-helper';
import { COMMAND_TYPES, type BoardCommand, type CommandInput, type CommandType } from './commands';
import { decide } from './decide';
import type { BoardEvent } from './events';
import { boardFrom } from './evolve';
import type { Actor, ProgramFields } from './types';

// ---- fixtures ----------------------------------------------------------------------------------

const NOMENCLATURE = NOMENCLATURE_2021_PROGRAMS.version;
const titleOf = (code: string): string => NOMENCLATURE_2021_PROGRAMS.entries.get(code)?.title ?? code;

const OPDS: Opd[] = [
  { id: 'dinkes', name: 'Dinas Kesehatan', short: 'Dinkes' },
  { id: 'disdik', name: 'Dinas Pendidikan', short: 'Disdik' },
  { id: 'putr', name: 'Dinas PUTR', short: 'PUTR' },
];

const boardCreated: BoardEvent = {
  type: 'BoardCreated',
  data: {
    boardId: 'papan-uji',
    title: 'Papan uji sinkronisasi',
    description: 'Data contoh.',
    sample: true,
    synthetic: false,
    nomenclatureVersion: NOMENCLATURE,
    columns: [
      { id: 'usulan-opd', title: 'Usulan OPD', rank: 'a0' },
      { id: 'telaah-bappeda', title: 'Telaah Bappeda', rank: 'a1' },
      { id: 'ditunda', title: 'Ditunda', rank: 'a2' },
    ],
    opds: OPDS,
    referenceLists: [ASTA_CITA, PHTC, PROGRAM_PRO_RAKYAT],
  },
};

function proposed(
  programId: string,
  code: string,
  opdId: string,
  columnId: string,
  rank: string,
  more: Partial<ProgramFields> = {},
): BoardEvent {
  return {
    type: 'ProgramProposed',
    data: {
      programId,
      columnId,
      rank,
      code,
      title: titleOf(code),
      opdId,
      indicators: [],
      pagu: {},
      lokasi: [],
      sumberDana: null,
      notes: '',
      ...more,
    },
  };
}

const archived = (programId: string, reason = ''): BoardEvent => ({
  type: 'ProgramArchived',
  data: { programId, reason },
});
const unarchived = (programId: string): BoardEvent => ({ type: 'ProgramUnarchived', data: { programId } });
const tagged = (programId: string, listId: string, itemId: string): BoardEvent => ({
  type: 'ProgramTagged',
  data: { programId, listId, itemId },
});

/** Usulan OPD: kesehatan (a0), sdm-kesehatan (a1), pendidikan (a2). Telaah Bappeda: jalan (a0). Ditunda: empty. */
const kesehatan = proposed('p-kes', '1.02.02', 'dinkes', 'usulan-opd', 'a0', {
  pagu: { '2025': 1_000_000_000, '2026': 1_200_000_000 },
  lokasi: ['Betung', 'Talang Kelapa'],
});
const sdmKesehatan = proposed('p-sdm', '1.02.03', 'dinkes', 'usulan-opd', 'a1');
const pendidikan = proposed('p-didik', '1.01.02', 'disdik', 'usulan-opd', 'a2');
const jalan = proposed('p-jalan', '1.03.10', 'putr', 'telaah-bappeda', 'a0');
const activeBoard: BoardEvent[] = [boardCreated, kesehatan, sdmKesehatan, pendidikan, jalan];

const programFields = {
  indicators: [],
  pagu: {},
  lokasi: [],
  sumberDana: null,
  notes: '',
};

const createBoardInput: CommandInput<'CreateBoard'> = {
  boardId: 'papan-uji',
  title: 'Papan uji',
  nomenclatureVersion: NOMENCLATURE,
  columns: [{ id: 'usulan-opd', title: 'Usulan OPD' }],
  opds: OPDS,
  referenceLists: [],
};

// Real codes from the shipped nomenclature (never typed by hand): a kegiatan of 1.02.02 and a sub-kegiatan.
const FULL = fullNomenclature();
const KEGIATAN = FULL.children!.get('1.02.02')![0]!;
const SUB_KEGIATAN = FULL.children!.get(KEGIATAN)![0]!;

/** One valid command of every type, for the checks that apply to all of them. */
const ONE_OF_EACH: Record<CommandType, BoardCommand> = {
  CreateBoard: command('CreateBoard', createBoardInput),
  ProposeProgram: command('ProposeProgram', { code: '1.05.03', title: titleOf('1.05.03'), opdId: 'putr' }),
  ReviseProgram: command('ReviseProgram', { programId: 'p-kes', changes: { notes: 'Lengkapi indikator.' } }),
  MoveProgram: command('MoveProgram', { programId: 'p-kes', toColumnId: 'telaah-bappeda' }),
  TagProgram: command('TagProgram', { programId: 'p-kes', listId: 'asta-cita', itemId: 'ac-4' }),
  UntagProgram: command('UntagProgram', { programId: 'p-kes', listId: 'asta-cita', itemId: 'ac-4' }),
  CommentOnProgram: command('CommentOnProgram', { programId: 'p-kes', text: 'Mohon lengkapi pagu.' }),
  ArchiveProgram: command('ArchiveProgram', { programId: 'p-kes' }),
  UnarchiveProgram: command('UnarchiveProgram', { programId: 'p-kes' }),
  AddColumn: command('AddColumn', { title: 'Disepakati' }),
  RenameColumn: command('RenameColumn', { columnId: 'ditunda', title: 'Ditunda dulu' }),
  MoveColumn: command('MoveColumn', { columnId: 'ditunda', beforeId: 'usulan-opd' }),
  SetColumnPolicy: command('SetColumnPolicy', { columnId: 'ditunda', opdMoves: true }),
  AddReferenceItem: command('AddReferenceItem', {
    listId: 'pro-rakyat',
    item: { id: 'pr-1', code: 'PR 1', short: 'Isian sekretariat', label: 'Isian sekretariat' },
  }),
  StartMeeting: command('StartMeeting', { title: 'Rapat sinkronisasi 14 Februari' }),
  EndMeeting: command('EndMeeting', { meetingId: 'rapat-1' }),
  MarkMilestone: command('MarkMilestone', { title: 'Kesepakatan rancangan awal' }),
  RevertProgram: command('RevertProgram', {
    programId: 'p-kes',
    toRevision: 1,
    parts: ['notes'],
    reason: 'Kembali ke usulan awal',
  }),
  AddKegiatan: command('AddKegiatan', { programId: 'p-kes', code: KEGIATAN }),
  ReviseKegiatan: command('ReviseKegiatan', { programId: 'p-kes', code: KEGIATAN, changes: { notes: 'x' } }),
  ArchiveKegiatan: command('ArchiveKegiatan', { programId: 'p-kes', code: KEGIATAN }),
  UnarchiveKegiatan: command('UnarchiveKegiatan', { programId: 'p-kes', code: KEGIATAN }),
  AddSubKegiatan: command('AddSubKegiatan', { programId: 'p-kes', code: SUB_KEGIATAN }),
  ReviseSubKegiatan: command('ReviseSubKegiatan', {
    programId: 'p-kes',
    code: SUB_KEGIATAN,
    changes: { pagu: { '2026': 1 } },
  }),
  ArchiveSubKegiatan: command('ArchiveSubKegiatan', { programId: 'p-kes', code: SUB_KEGIATAN }),
  UnarchiveSubKegiatan: command('UnarchiveSubKegiatan', { programId: 'p-kes', code: SUB_KEGIATAN }),
  SetOpdBidang: command('SetOpdBidang', { opdId: 'dinkes', bidang: ['1.02'] }),
  ChangeNomenclature: command('ChangeNomenclature', { version: FULL.version }),
};

// ---- specs -------------------------------------------------------------------------------------

describe('decide', () => {
  it('has a sample of every command type', () => {
    expect(Object.keys(ONE_OF_EACH).sort()).toEqual([...COMMAND_TYPES].sort());
  });

  describe('for readers', () => {
    const readers: Array<[string, Actor]> = [
      ['auditor', testActors.inspektorat],
      ['display', testActors.layar],
    ];
    for (const [role, actor] of readers) {
      describe(`the ${role} role`, () => {
        for (const type of COMMAND_TYPES) {
          it(`is Forbidden to run ${type}`, () => {
            const message = given(activeBoard).when(ONE_OF_EACH[type], actor).thenRejects('Forbidden');
            expect(message).toContain(type);
          });
        }
        it('is Forbidden even before the board exists', () => {
          given([]).when(ONE_OF_EACH.CreateBoard, actor).thenRejects('Forbidden');
          given([]).when(ONE_OF_EACH.ProposeProgram, actor).thenRejects('Forbidden');
        });
      });
    }
  });

  describe('when the board does not exist', () => {
    for (const type of COMMAND_TYPES.filter((t) => t !== 'CreateBoard')) {
      it(`rejects ${type} with BoardNotFound`, () => {
        given([]).when(ONE_OF_EACH[type]).thenRejects('BoardNotFound');
      });
    }
  });

  describe('CreateBoard', () => {
    describe('when the board does not exist', () => {
      it('creates it with columns ranked in the given order', () => {
        given([])
          .when(
            command('CreateBoard', {
              boardId: 'papan-uji',
              title: '  Papan uji  ',
              nomenclatureVersion: NOMENCLATURE,
              columns: [
                { id: 'usulan-opd', title: 'Usulan OPD' },
                { id: 'telaah-bappeda', title: 'Telaah Bappeda' },
                { id: 'ditunda', title: 'Ditunda' },
              ],
              opds: OPDS,
              referenceLists: [PROGRAM_PRO_RAKYAT],
            }),
          )
          .then({
            type: 'BoardCreated',
            data: {
              boardId: 'papan-uji',
              title: 'Papan uji',
              description: '',
              sample: false,
              synthetic: false,
              nomenclatureVersion: NOMENCLATURE,
              columns: [
                { id: 'usulan-opd', title: 'Usulan OPD', rank: 'a0' },
                { id: 'telaah-bappeda', title: 'Telaah Bappeda', rank: 'a1' },
                { id: 'ditunda', title: 'Ditunda', rank: 'a2' },
              ],
              opds: OPDS,
              referenceLists: [PROGRAM_PRO_RAKYAT],
            },
          });
      });

      it('accepts a synthetic nomenclature version for generated boards', () => {
        const [event] = given([])
          .when(
            command('CreateBoard', {
              ...createBoardInput,
              synthetic: true,
              nomenclatureVersion: 'synthetic-50',
            }),
          )
          .thenAccepted();
        expect(event).toMatchObject({
          type: 'BoardCreated',
          data: { synthetic: true, nomenclatureVersion: 'synthetic-50' },
        });
      });

      it('rejects an unknown nomenclature version', () => {
        given([])
          .when(
            command('CreateBoard', {
              ...createBoardInput,
              nomenclatureVersion: 'kepmendagri-palsu',
            }),
          )
          .thenRejects('UnknownNomenclature');
      });

      it('rejects a board id other than the stream it is sent to', () => {
        given([], 'papan-lain').when(ONE_OF_EACH.CreateBoard).thenRejects('BoardIdMismatch');
      });

      it('refuses an OPD operator: only the secretariat creates boards', () => {
        given([]).when(ONE_OF_EACH.CreateBoard, testActors.dinkes).thenRejects('Forbidden');
      });
    });

    describe('when the board exists', () => {
      it('rejects it with BoardAlreadyExists', () => {
        given(activeBoard).when(ONE_OF_EACH.CreateBoard).thenRejects('BoardAlreadyExists');
      });
    });
  });

  describe('ProposeProgram', () => {
    describe('when the board is new', () => {
      it('puts the program at the end of the first column with a fresh id', () => {
        given([boardCreated])
          .when(
            command('ProposeProgram', { code: '1.02.02', title: titleOf('1.02.02'), opdId: 'dinkes' }),
            testActors.dinkes,
          )
          .then({
            type: 'ProgramProposed',
            data: {
              programId: 'id-1',
              columnId: 'usulan-opd',
              rank: 'a0',
              code: '1.02.02',
              title: titleOf('1.02.02'),
              opdId: 'dinkes',
              ...programFields,
            },
          });
      });

      it('puts the program in the requested column, with its fields, under the requested id', () => {
        given([boardCreated])
          .when(
            command('ProposeProgram', {
              programId: 'p-jalan',
              columnId: 'telaah-bappeda',
              code: ' 1.03.10 ',
              title: titleOf('1.03.10'),
              opdId: 'putr',
              pagu: { '2026': 2_500_000_000, '2027': null },
              lokasi: ['Rambutan'],
              sumberDana: 'DAU',
              notes: 'Data contoh.',
            }),
          )
          .then({
            type: 'ProgramProposed',
            data: {
              programId: 'p-jalan',
              columnId: 'telaah-bappeda',
              rank: 'a0',
              code: '1.03.10',
              title: titleOf('1.03.10'),
              opdId: 'putr',
              indicators: [],
              pagu: { '2026': 2_500_000_000, '2027': null },
              lokasi: ['Rambutan'],
              sumberDana: 'DAU',
              notes: 'Data contoh.',
            },
          });
      });

      it('rejects a column that does not exist', () => {
        given([boardCreated])
          .when(
            command('ProposeProgram', {
              columnId: 'kolom-hilang',
              code: '1.02.02',
              title: 'Program',
              opdId: 'dinkes',
            }),
          )
          .thenRejects('ColumnNotFound');
      });
    });

    describe('when the column already has programs', () => {
      it('appends after the last one', () => {
        const [event] = given(activeBoard)
          .when(command('ProposeProgram', { code: '1.05.03', title: titleOf('1.05.03'), opdId: 'putr' }))
          .thenAccepted();
        expect(event).toMatchObject({
          type: 'ProgramProposed',
          data: { columnId: 'usulan-opd', rank: 'a3' },
        });
      });
    });

    describe('when the code or OPD is not valid on this board', () => {
      it.each([
        ['a program code not in the nomenclature', '1.02.99'],
        ['a sub-kegiatan code not in the nomenclature', '1.02.02.1.01.0001'],
        ['a bidang code', '1.02'],
      ])('rejects %s with UnknownCode', (_what, code) => {
        const message = given(activeBoard)
          .when(command('ProposeProgram', { code, title: 'Program uji', opdId: 'dinkes' }))
          .thenRejects('UnknownCode');
        expect(message).toContain(code);
      });

      it('rejects an OPD that is not on the board with UnknownOpd', () => {
        given(activeBoard)
          .when(
            command('ProposeProgram', { code: '1.05.03', title: titleOf('1.05.03'), opdId: 'dinas-fiktif' }),
          )
          .thenRejects('UnknownOpd');
      });

      it('checks the code before the OPD', () => {
        given(activeBoard)
          .when(command('ProposeProgram', { code: '1.02.99', title: 'Program uji', opdId: 'dinas-fiktif' }))
          .thenRejects('UnknownCode');
      });
    });

    describe('when the OPD already has a program with the same code', () => {
      it('rejects it with DuplicateProgram', () => {
        const message = given(activeBoard)
          .when(
            command('ProposeProgram', {
              columnId: 'ditunda',
              code: '1.02.02',
              title: titleOf('1.02.02'),
              opdId: 'dinkes',
            }),
          )
          .thenRejects('DuplicateProgram');
        expect(message).toContain('Dinas Kesehatan');
      });

      it('accepts the same code for another OPD', () => {
        given(activeBoard)
          .when(command('ProposeProgram', { code: '1.02.02', title: titleOf('1.02.02'), opdId: 'disdik' }))
          .thenAccepted();
      });

      it('rejects a program id that is already taken with ProgramAlreadyExists', () => {
        given(activeBoard)
          .when(
            command('ProposeProgram', {
              programId: 'p-jalan',
              code: '1.05.03',
              title: titleOf('1.05.03'),
              opdId: 'putr',
            }),
          )
          .thenRejects('ProgramAlreadyExists');
      });
    });

    describe('when the program with the same code is archived', () => {
      const events = [...activeBoard, archived('p-kes')];

      it('accepts a new program with that code and OPD', () => {
        given(events)
          .when(command('ProposeProgram', { code: '1.02.02', title: titleOf('1.02.02'), opdId: 'dinkes' }))
          .thenAccepted();
      });

      it('still rejects reusing the archived program id', () => {
        given(events)
          .when(
            command('ProposeProgram', {
              programId: 'p-kes',
              code: '1.05.03',
              title: titleOf('1.05.03'),
              opdId: 'putr',
            }),
          )
          .thenRejects('ProgramAlreadyExists');
      });

      it("may take the archived program's rank; restoring it then places it right after, never tied", () => {
        const alone = [boardCreated, proposed('p-x', '1.05.03', 'putr', 'ditunda', 'a0'), archived('p-x')];
        const [event] = given(alone)
          .when(
            command('ProposeProgram', {
              columnId: 'ditunda',
              code: '1.06.05',
              title: titleOf('1.06.05'),
              opdId: 'putr',
            }),
          )
          .thenAccepted();
        expect(event).toMatchObject({ type: 'ProgramProposed', data: { columnId: 'ditunda', rank: 'a0' } });
        const [restored] = given([...alone, event!])
          .when(command('UnarchiveProgram', { programId: 'p-x' }))
          .thenAccepted();
        const rank = restored?.type === 'ProgramUnarchived' ? restored.data.rank : undefined;
        expect(rank !== undefined && rank > 'a0').toBe(true);
      });
    });
  });

  describe('ReviseProgram', () => {
    describe('when the program is active', () => {
      it('records the changed fields and their previous values', () => {
        given(activeBoard)
          .when(
            command('ReviseProgram', {
              programId: 'p-kes',
              changes: { notes: 'Indikator menyusul.', sumberDana: 'DAK', lokasi: ['Betung'] },
            }),
            testActors.dinkes,
          )
          .then({
            type: 'ProgramRevised',
            data: {
              programId: 'p-kes',
              changes: { lokasi: ['Betung'], sumberDana: 'DAK', notes: 'Indikator menyusul.' },
              before: { lokasi: ['Betung', 'Talang Kelapa'], sumberDana: null, notes: '' },
            },
          });
      });

      it('records nothing when every value is already what is asked', () => {
        given(activeBoard)
          .when(
            command('ReviseProgram', {
              programId: 'p-kes',
              changes: {
                code: '1.02.02',
                title: titleOf('1.02.02'),
                opdId: 'dinkes',
                indicators: [],
                pagu: { '2025': 1_000_000_000 },
                lokasi: ['Betung', 'Talang Kelapa'],
                sumberDana: null,
                notes: '',
              },
            }),
          )
          .then();
      });

      it('drops the unchanged fields and keeps the changed ones', () => {
        given(activeBoard)
          .when(
            command('ReviseProgram', {
              programId: 'p-kes',
              changes: { title: titleOf('1.02.02'), notes: 'Baru' },
            }),
          )
          .then({
            type: 'ProgramRevised',
            data: { programId: 'p-kes', changes: { notes: 'Baru' }, before: { notes: '' } },
          });
      });

      it('compares indicators by value', () => {
        const indicator = {
          id: 'ind-1',
          name: 'Cakupan layanan',
          unit: '%',
          baseline: null,
          targets: { '2026': 80 },
        };
        const events = [
          ...activeBoard,
          {
            type: 'ProgramRevised',
            data: { programId: 'p-kes', changes: { indicators: [indicator] }, before: { indicators: [] } },
          } satisfies BoardEvent,
        ];
        given(events)
          .when(command('ReviseProgram', { programId: 'p-kes', changes: { indicators: [{ ...indicator }] } }))
          .then();
      });

      describe('pagu', () => {
        it('merges per year: changing 2026 says nothing about 2025', () => {
          given(activeBoard)
            .when(
              command('ReviseProgram', { programId: 'p-kes', changes: { pagu: { '2026': 1_500_000_000 } } }),
            )
            .then({
              type: 'ProgramRevised',
              data: {
                programId: 'p-kes',
                changes: { pagu: { '2026': 1_500_000_000 } },
                before: { pagu: { '2026': 1_200_000_000 } },
              },
            });
        });

        it('drops a year set to its current value', () => {
          given(activeBoard)
            .when(
              command('ReviseProgram', {
                programId: 'p-kes',
                changes: { pagu: { '2025': 1_000_000_000, '2027': 900_000_000 } },
              }),
            )
            .then({
              type: 'ProgramRevised',
              data: {
                programId: 'p-kes',
                changes: { pagu: { '2027': 900_000_000 } },
                before: { pagu: { '2027': null } },
              },
            });
        });

        it('records nothing when every year is already at the asked value', () => {
          given(activeBoard)
            .when(
              command('ReviseProgram', {
                programId: 'p-kes',
                changes: { pagu: { '2025': 1_000_000_000, '2028': null } },
              }),
            )
            .then();
        });

        it('clears a year with null', () => {
          given(activeBoard)
            .when(command('ReviseProgram', { programId: 'p-kes', changes: { pagu: { '2026': null } } }))
            .then({
              type: 'ProgramRevised',
              data: {
                programId: 'p-kes',
                changes: { pagu: { '2026': null } },
                before: { pagu: { '2026': 1_200_000_000 } },
              },
            });
        });

        it('leaves the other years in place once folded', () => {
          const scenario = given(activeBoard);
          const events = scenario
            .when(
              command('ReviseProgram', { programId: 'p-kes', changes: { pagu: { '2026': 1_500_000_000 } } }),
            )
            .thenAccepted();
          const after = boardFrom('papan-uji', recorded([...activeBoard, ...events]));
          expect(after.programs['p-kes']?.pagu).toEqual({ '2025': 1_000_000_000, '2026': 1_500_000_000 });
        });
      });

      describe('code and OPD', () => {
        it('accepts a change to another known code', () => {
          given(activeBoard)
            .when(
              command('ReviseProgram', {
                programId: 'p-sdm',
                changes: { code: '1.06.05', title: titleOf('1.06.05') },
              }),
            )
            .then({
              type: 'ProgramRevised',
              data: {
                programId: 'p-sdm',
                changes: { code: '1.06.05', title: titleOf('1.06.05') },
                before: { code: '1.02.03', title: titleOf('1.02.03') },
              },
            });
        });

        it.each([['1.02.99'], ['1.02.02.1.01.0001']])(
          'rejects the unknown code %s with UnknownCode',
          (code) => {
            given(activeBoard)
              .when(command('ReviseProgram', { programId: 'p-sdm', changes: { code } }))
              .thenRejects('UnknownCode');
          },
        );

        it('rejects an unknown OPD with UnknownOpd', () => {
          given(activeBoard)
            .when(command('ReviseProgram', { programId: 'p-sdm', changes: { opdId: 'dinas-fiktif' } }))
            .thenRejects('UnknownOpd');
        });

        it('rejects changing the code to one the OPD already has with DuplicateProgram', () => {
          given(activeBoard)
            .when(command('ReviseProgram', { programId: 'p-sdm', changes: { code: '1.02.02' } }))
            .thenRejects('DuplicateProgram');
        });

        it('rejects moving the program to an OPD that already has the code with DuplicateProgram', () => {
          const events = [...activeBoard, proposed('p-kes-disdik', '1.02.02', 'disdik', 'ditunda', 'a0')];
          given(events)
            .when(command('ReviseProgram', { programId: 'p-kes-disdik', changes: { opdId: 'dinkes' } }))
            .thenRejects('DuplicateProgram');
        });

        it('accepts a code the OPD has only on an archived program', () => {
          given([...activeBoard, archived('p-kes')])
            .when(command('ReviseProgram', { programId: 'p-sdm', changes: { code: '1.02.02' } }))
            .thenAccepted();
        });
      });
    });

    describe('when the program does not exist', () => {
      it('rejects it with ProgramNotFound', () => {
        given(activeBoard)
          .when(command('ReviseProgram', { programId: 'p-hilang', changes: { notes: 'x' } }))
          .thenRejects('ProgramNotFound');
      });
    });

    describe('when the program is archived', () => {
      it('rejects it with ProgramArchived', () => {
        given([...activeBoard, archived('p-kes')])
          .when(command('ReviseProgram', { programId: 'p-kes', changes: { notes: 'x' } }))
          .thenRejects('ProgramArchived');
      });
    });
  });

  describe('MoveProgram', () => {
    describe('when the program is active', () => {
      it('moves it into an empty column', () => {
        given(activeBoard)
          .when(command('MoveProgram', { programId: 'p-kes', toColumnId: 'ditunda' }))
          .then({
            type: 'ProgramMoved',
            data: {
              programId: 'p-kes',
              fromColumnId: 'usulan-opd',
              toColumnId: 'ditunda',
              rank: 'a0',
              fromRank: 'a0',
            },
          });
      });

      it('moves it to the end of another column', () => {
        given(activeBoard)
          .when(command('MoveProgram', { programId: 'p-kes', toColumnId: 'telaah-bappeda' }))
          .then({
            type: 'ProgramMoved',
            data: {
              programId: 'p-kes',
              fromColumnId: 'usulan-opd',
              toColumnId: 'telaah-bappeda',
              rank: 'a1',
              fromRank: 'a0',
            },
          });
      });

      it('moves it right after afterId in another column', () => {
        given(activeBoard)
          .when(command('MoveProgram', { programId: 'p-jalan', toColumnId: 'usulan-opd', afterId: 'p-kes' }))
          .then({
            type: 'ProgramMoved',
            data: {
              programId: 'p-jalan',
              fromColumnId: 'telaah-bappeda',
              toColumnId: 'usulan-opd',
              rank: 'a0V',
              fromRank: 'a0',
            },
          });
      });

      it('moves it right before beforeId in another column (the first place)', () => {
        given(activeBoard)
          .when(command('MoveProgram', { programId: 'p-jalan', toColumnId: 'usulan-opd', beforeId: 'p-kes' }))
          .then({
            type: 'ProgramMoved',
            data: {
              programId: 'p-jalan',
              fromColumnId: 'telaah-bappeda',
              toColumnId: 'usulan-opd',
              rank: 'Zz',
              fromRank: 'a0',
            },
          });
      });

      it('lets afterId win when both afterId and beforeId are given', () => {
        const [event] = given(activeBoard)
          .when(
            command('MoveProgram', {
              programId: 'p-jalan',
              toColumnId: 'usulan-opd',
              afterId: 'p-sdm',
              beforeId: 'p-kes',
            }),
          )
          .thenAccepted();
        expect(event).toMatchObject({ data: { rank: 'a1V' } });
      });

      describe('within its own column (reorder)', () => {
        it('moves the last one after the first', () => {
          given(activeBoard)
            .when(
              command('MoveProgram', { programId: 'p-didik', toColumnId: 'usulan-opd', afterId: 'p-kes' }),
            )
            .then({
              type: 'ProgramMoved',
              data: {
                programId: 'p-didik',
                fromColumnId: 'usulan-opd',
                toColumnId: 'usulan-opd',
                rank: 'a0V',
                fromRank: 'a2',
              },
            });
        });

        it('moves the last one before the first', () => {
          given(activeBoard)
            .when(
              command('MoveProgram', { programId: 'p-didik', toColumnId: 'usulan-opd', beforeId: 'p-kes' }),
            )
            .then({
              type: 'ProgramMoved',
              data: {
                programId: 'p-didik',
                fromColumnId: 'usulan-opd',
                toColumnId: 'usulan-opd',
                rank: 'Zz',
                fromRank: 'a2',
              },
            });
        });

        it('moves the first one to the end', () => {
          given(activeBoard)
            .when(command('MoveProgram', { programId: 'p-kes', toColumnId: 'usulan-opd' }))
            .then({
              type: 'ProgramMoved',
              data: {
                programId: 'p-kes',
                fromColumnId: 'usulan-opd',
                toColumnId: 'usulan-opd',
                rank: 'a3',
                fromRank: 'a0',
              },
            });
        });

        it.each([
          ['after its current predecessor', { afterId: 'p-kes' }],
          ['before its current successor', { beforeId: 'p-didik' }],
        ])('records nothing when asked to go %s', (_what, placement) => {
          given(activeBoard)
            .when(command('MoveProgram', { programId: 'p-sdm', toColumnId: 'usulan-opd', ...placement }))
            .then();
        });

        it('records nothing when the last one is asked to go to the end', () => {
          given(activeBoard)
            .when(command('MoveProgram', { programId: 'p-didik', toColumnId: 'usulan-opd' }))
            .then();
        });

        it('records nothing when the only program is moved to its own column', () => {
          given(activeBoard)
            .when(command('MoveProgram', { programId: 'p-jalan', toColumnId: 'telaah-bappeda' }))
            .then();
        });
      });

      it('rejects a column that does not exist with ColumnNotFound', () => {
        given(activeBoard)
          .when(command('MoveProgram', { programId: 'p-kes', toColumnId: 'kolom-hilang' }))
          .thenRejects('ColumnNotFound');
      });

      it.each([
        ['afterId is in another column', { afterId: 'p-jalan' }],
        ['beforeId is in another column', { beforeId: 'p-jalan' }],
        ['afterId does not exist', { afterId: 'p-hilang' }],
        ['afterId is the program itself', { afterId: 'p-kes' }],
        ['beforeId is the program itself', { beforeId: 'p-kes' }],
      ])('rejects InvalidPlacement when %s', (_what, placement) => {
        given(activeBoard)
          .when(command('MoveProgram', { programId: 'p-kes', toColumnId: 'usulan-opd', ...placement }))
          .thenRejects('InvalidPlacement');
      });

      it('rejects placing next to an archived program with InvalidPlacement', () => {
        given([...activeBoard, archived('p-sdm')])
          .when(command('MoveProgram', { programId: 'p-jalan', toColumnId: 'usulan-opd', afterId: 'p-sdm' }))
          .thenRejects('InvalidPlacement');
      });
    });

    describe('when an archived program sits in the target column', () => {
      // p-sdm (a1) is archived; the visible order is p-kes (a0), p-didik (a2).
      const events = [...activeBoard, archived('p-sdm')];

      it('places after afterId among the active programs', () => {
        const [event] = given(events)
          .when(command('MoveProgram', { programId: 'p-jalan', toColumnId: 'usulan-opd', afterId: 'p-kes' }))
          .thenAccepted();
        const rank = event?.type === 'ProgramMoved' ? event.data.rank : '';
        expect(rank > 'a0' && rank < 'a2').toBe(true);
      });

      it('keeps every later placement possible once the archived program is restored', () => {
        // Fill the column while p-sdm is archived, restore it, then place next to each program in turn.
        let history: BoardEvent[] = [...events];
        const decideOn = (cmd: BoardCommand): BoardEvent[] => {
          const decision = decide(cmd, boardFrom('papan-uji', recorded(history)), {
            actor: testActors.sekretariat,
            now: '2025-02-14T03:00:00.000Z',
            newId: () => `n-${history.length}`,
          });
          if (!decision.ok) throw new Error(decision.error.message);
          history = [...history, ...decision.events];
          return decision.events;
        };
        decideOn(
          command('MoveProgram', { programId: 'p-jalan', toColumnId: 'usulan-opd', afterId: 'p-kes' }),
        );
        decideOn(command('ProposeProgram', { code: '1.05.03', title: titleOf('1.05.03'), opdId: 'putr' }));
        decideOn(command('UnarchiveProgram', { programId: 'p-sdm' }));
        const state = boardFrom('papan-uji', recorded(history));
        const order = state.columns[0]?.programIds ?? [];
        const ranks = order.map((id) => state.programs[id]?.rank ?? '');
        expect(new Set(ranks).size).toBe(ranks.length);
        for (const anchor of order) {
          decideOn(command('MoveProgram', { programId: 'p-didik', toColumnId: 'ditunda' }));
          decideOn(
            command('MoveProgram', {
              programId: 'p-didik',
              toColumnId: 'usulan-opd',
              afterId: anchor === 'p-didik' ? undefined : anchor,
            }),
          );
        }
      });
    });

    describe('when the program does not exist', () => {
      it('rejects it with ProgramNotFound', () => {
        given(activeBoard)
          .when(command('MoveProgram', { programId: 'p-hilang', toColumnId: 'ditunda' }))
          .thenRejects('ProgramNotFound');
      });
    });

    describe('when the program is archived', () => {
      it('rejects it with ProgramArchived', () => {
        given([...activeBoard, archived('p-kes')])
          .when(command('MoveProgram', { programId: 'p-kes', toColumnId: 'ditunda' }))
          .thenRejects('ProgramArchived');
      });
    });
  });

  describe('TagProgram', () => {
    describe('when the program is active and not tagged', () => {
      it('tags it', () => {
        given(activeBoard)
          .when(command('TagProgram', { programId: 'p-kes', listId: 'asta-cita', itemId: 'ac-4' }))
          .then({ type: 'ProgramTagged', data: { programId: 'p-kes', listId: 'asta-cita', itemId: 'ac-4' } });
      });

      it('rejects an unknown list with UnknownReferenceList', () => {
        given(activeBoard)
          .when(command('TagProgram', { programId: 'p-kes', listId: 'daftar-hilang', itemId: 'ac-4' }))
          .thenRejects('UnknownReferenceList');
      });

      it('rejects an item that is not in the list with UnknownReferenceItem', () => {
        given(activeBoard)
          .when(command('TagProgram', { programId: 'p-kes', listId: 'asta-cita', itemId: 'ac-9' }))
          .thenRejects('UnknownReferenceItem');
        given(activeBoard)
          .when(command('TagProgram', { programId: 'p-kes', listId: 'phtc', itemId: 'ac-4' }))
          .thenRejects('UnknownReferenceItem');
      });

      it('accepts an item the secretariat added to the list', () => {
        const item = { id: 'pr-1', code: 'PR 1', short: 'Isian', label: 'Isian sekretariat' };
        given([...activeBoard, { type: 'ReferenceItemAdded', data: { listId: 'pro-rakyat', item } }])
          .when(command('TagProgram', { programId: 'p-kes', listId: 'pro-rakyat', itemId: 'pr-1' }))
          .then({
            type: 'ProgramTagged',
            data: { programId: 'p-kes', listId: 'pro-rakyat', itemId: 'pr-1' },
          });
      });
    });

    describe('when the program is already tagged with the item', () => {
      it('records nothing', () => {
        given([...activeBoard, tagged('p-kes', 'asta-cita', 'ac-4')])
          .when(command('TagProgram', { programId: 'p-kes', listId: 'asta-cita', itemId: 'ac-4' }))
          .then();
      });
    });

    describe('when the program does not exist', () => {
      it('rejects it with ProgramNotFound', () => {
        given(activeBoard)
          .when(command('TagProgram', { programId: 'p-hilang', listId: 'asta-cita', itemId: 'ac-4' }))
          .thenRejects('ProgramNotFound');
      });
    });

    describe('when the program is archived', () => {
      it('rejects it with ProgramArchived', () => {
        given([...activeBoard, archived('p-kes')])
          .when(command('TagProgram', { programId: 'p-kes', listId: 'asta-cita', itemId: 'ac-4' }))
          .thenRejects('ProgramArchived');
      });
    });
  });

  describe('UntagProgram', () => {
    describe('when the program is tagged with the item', () => {
      const events = [
        ...activeBoard,
        tagged('p-kes', 'asta-cita', 'ac-4'),
        tagged('p-kes', 'phtc', 'phtc-2'),
      ];

      it('untags it', () => {
        given(events)
          .when(command('UntagProgram', { programId: 'p-kes', listId: 'phtc', itemId: 'phtc-2' }))
          .then({ type: 'ProgramUntagged', data: { programId: 'p-kes', listId: 'phtc', itemId: 'phtc-2' } });
      });

      it('rejects an unknown list with UnknownReferenceList', () => {
        given(events)
          .when(command('UntagProgram', { programId: 'p-kes', listId: 'daftar-hilang', itemId: 'ac-4' }))
          .thenRejects('UnknownReferenceList');
      });
    });

    describe('when the program is not tagged with the item', () => {
      it('records nothing', () => {
        given([...activeBoard, tagged('p-kes', 'asta-cita', 'ac-4')])
          .when(command('UntagProgram', { programId: 'p-kes', listId: 'asta-cita', itemId: 'ac-3' }))
          .then();
      });

      it('records nothing for an item that is not in the list either', () => {
        given(activeBoard)
          .when(command('UntagProgram', { programId: 'p-kes', listId: 'asta-cita', itemId: 'ac-99' }))
          .then();
      });
    });

    describe('when the program does not exist', () => {
      it('rejects it with ProgramNotFound', () => {
        given(activeBoard)
          .when(command('UntagProgram', { programId: 'p-hilang', listId: 'asta-cita', itemId: 'ac-4' }))
          .thenRejects('ProgramNotFound');
      });
    });

    describe('when the program is archived', () => {
      it('rejects it with ProgramArchived', () => {
        given([...activeBoard, tagged('p-kes', 'asta-cita', 'ac-4'), archived('p-kes')])
          .when(command('UntagProgram', { programId: 'p-kes', listId: 'asta-cita', itemId: 'ac-4' }))
          .thenRejects('ProgramArchived');
      });
    });
  });

  describe('CommentOnProgram', () => {
    describe('when the program is active', () => {
      it('records the comment with a fresh id and the trimmed text', () => {
        given(activeBoard)
          .when(
            command('CommentOnProgram', { programId: 'p-kes', text: '  Mohon lengkapi indikator.  ' }),
            testActors.disdik,
          )
          .then({
            type: 'ProgramCommented',
            data: { programId: 'p-kes', commentId: 'id-1', text: 'Mohon lengkapi indikator.' },
          });
      });

      it('records the same text twice as two comments', () => {
        const scenario = given([
          ...activeBoard,
          { type: 'ProgramCommented', data: { programId: 'p-kes', commentId: 'k-1', text: 'Setuju.' } },
        ]);
        scenario.when(command('CommentOnProgram', { programId: 'p-kes', text: 'Setuju.' })).thenAccepted();
      });
    });

    describe('when the program is archived', () => {
      it('still records the comment (the discussion can go on)', () => {
        given([...activeBoard, archived('p-kes')])
          .when(command('CommentOnProgram', { programId: 'p-kes', text: 'Kenapa diarsipkan?' }))
          .then({
            type: 'ProgramCommented',
            data: { programId: 'p-kes', commentId: 'id-1', text: 'Kenapa diarsipkan?' },
          });
      });
    });

    describe('when the program does not exist', () => {
      it('rejects it with ProgramNotFound', () => {
        given(activeBoard)
          .when(command('CommentOnProgram', { programId: 'p-hilang', text: 'Halo' }))
          .thenRejects('ProgramNotFound');
      });
    });
  });

  describe('ArchiveProgram', () => {
    describe('when the program is active', () => {
      it('archives it with the reason', () => {
        given(activeBoard)
          .when(command('ArchiveProgram', { programId: 'p-kes', reason: ' Digabung ke 1.02.03 ' }))
          .then({ type: 'ProgramArchived', data: { programId: 'p-kes', reason: 'Digabung ke 1.02.03' } });
      });

      it('archives it with an empty reason by default', () => {
        given(activeBoard)
          .when(command('ArchiveProgram', { programId: 'p-kes' }))
          .then({ type: 'ProgramArchived', data: { programId: 'p-kes', reason: '' } });
      });
    });

    describe('when the program is archived', () => {
      it('records nothing', () => {
        given([...activeBoard, archived('p-kes')])
          .when(command('ArchiveProgram', { programId: 'p-kes' }))
          .then();
      });
    });

    describe('when the program does not exist', () => {
      it('rejects it with ProgramNotFound', () => {
        given(activeBoard)
          .when(command('ArchiveProgram', { programId: 'p-hilang' }))
          .thenRejects('ProgramNotFound');
      });
    });
  });

  describe('UnarchiveProgram', () => {
    describe('when the program is archived', () => {
      it('restores it', () => {
        const state = given([...activeBoard, archived('p-kes')]).state;
        given([...activeBoard, archived('p-kes')])
          .when(command('UnarchiveProgram', { programId: 'p-kes' }))
          .then({
            type: 'ProgramUnarchived',
            data: { programId: 'p-kes', rank: state.programs['p-kes']!.rank },
          });
      });

      it('restores it after an earlier archive and restore', () => {
        const history = [...activeBoard, archived('p-kes'), unarchived('p-kes'), archived('p-kes', 'lagi')];
        given(history)
          .when(command('UnarchiveProgram', { programId: 'p-kes' }))
          .then({
            type: 'ProgramUnarchived',
            data: { programId: 'p-kes', rank: given(history).state.programs['p-kes']!.rank },
          });
      });

      it('rejects it with DuplicateProgram when the OPD has proposed the same code again meanwhile', () => {
        const again = proposed('p-kes-2', '1.02.02', 'dinkes', 'ditunda', 'a0');
        given([...activeBoard, archived('p-kes'), again])
          .when(command('UnarchiveProgram', { programId: 'p-kes' }))
          .thenRejects('DuplicateProgram');
      });
    });

    describe('when the program is active', () => {
      it('records nothing', () => {
        given(activeBoard)
          .when(command('UnarchiveProgram', { programId: 'p-kes' }))
          .then();
      });
    });

    describe('when the program does not exist', () => {
      it('rejects it with ProgramNotFound', () => {
        given(activeBoard)
          .when(command('UnarchiveProgram', { programId: 'p-hilang' }))
          .thenRejects('ProgramNotFound');
      });
    });
  });

  describe('AddColumn', () => {
    describe('when the board exists', () => {
      it('adds the column at the end with a fresh id', () => {
        given(activeBoard)
          .when(command('AddColumn', { title: ' Disepakati ' }))
          .then({ type: 'ColumnAdded', data: { columnId: 'id-1', title: 'Disepakati', rank: 'a3' } });
      });

      it('adds it after afterId', () => {
        given(activeBoard)
          .when(
            command('AddColumn', {
              columnId: 'selaras-visi-misi',
              title: 'Selaras Visi-Misi Bupati',
              afterId: 'telaah-bappeda',
            }),
          )
          .then({
            type: 'ColumnAdded',
            data: { columnId: 'selaras-visi-misi', title: 'Selaras Visi-Misi Bupati', rank: 'a1V' },
          });
      });

      it('adds it before beforeId', () => {
        given(activeBoard)
          .when(command('AddColumn', { columnId: 'arsip', title: 'Arsip', beforeId: 'usulan-opd' }))
          .then({ type: 'ColumnAdded', data: { columnId: 'arsip', title: 'Arsip', rank: 'Zz' } });
      });

      it.each([['Usulan OPD'], ['usulan opd'], ['  USULAN OPD  ']])(
        'rejects the title "%s" of an existing column with ColumnAlreadyExists',
        (title) => {
          given(activeBoard).when(command('AddColumn', { title })).thenRejects('ColumnAlreadyExists');
        },
      );

      it('rejects an existing column id with ColumnAlreadyExists', () => {
        given(activeBoard)
          .when(command('AddColumn', { columnId: 'ditunda', title: 'Kolom baru' }))
          .thenRejects('ColumnAlreadyExists');
      });

      it('rejects an anchor that is not a column with InvalidPlacement', () => {
        given(activeBoard)
          .when(command('AddColumn', { title: 'Kolom baru', afterId: 'kolom-hilang' }))
          .thenRejects('InvalidPlacement');
      });
    });
  });

  describe('RenameColumn', () => {
    describe('when the column exists', () => {
      it('renames it and records the previous title', () => {
        given(activeBoard)
          .when(command('RenameColumn', { columnId: 'ditunda', title: 'Ditunda (2026)' }))
          .then({
            type: 'ColumnRenamed',
            data: { columnId: 'ditunda', title: 'Ditunda (2026)', before: 'Ditunda' },
          });
      });

      it('records nothing when the title is unchanged', () => {
        given(activeBoard)
          .when(command('RenameColumn', { columnId: 'ditunda', title: ' Ditunda ' }))
          .then();
      });

      it('accepts a change of case only', () => {
        given(activeBoard)
          .when(command('RenameColumn', { columnId: 'usulan-opd', title: 'Usulan opd' }))
          .then({
            type: 'ColumnRenamed',
            data: { columnId: 'usulan-opd', title: 'Usulan opd', before: 'Usulan OPD' },
          });
      });

      it('rejects the title of another column, in any case, with ColumnAlreadyExists', () => {
        given(activeBoard)
          .when(command('RenameColumn', { columnId: 'ditunda', title: 'TELAAH bappeda' }))
          .thenRejects('ColumnAlreadyExists');
      });
    });

    describe('when the column does not exist', () => {
      it('rejects it with ColumnNotFound', () => {
        given(activeBoard)
          .when(command('RenameColumn', { columnId: 'kolom-hilang', title: 'Apa saja' }))
          .thenRejects('ColumnNotFound');
      });
    });
  });

  describe('MoveColumn', () => {
    describe('when the column exists', () => {
      it('moves it after afterId', () => {
        given(activeBoard)
          .when(command('MoveColumn', { columnId: 'ditunda', afterId: 'usulan-opd' }))
          .then({ type: 'ColumnMoved', data: { columnId: 'ditunda', rank: 'a0V', fromRank: 'a2' } });
      });

      it('moves it before beforeId', () => {
        given(activeBoard)
          .when(command('MoveColumn', { columnId: 'ditunda', beforeId: 'usulan-opd' }))
          .then({ type: 'ColumnMoved', data: { columnId: 'ditunda', rank: 'Zz', fromRank: 'a2' } });
      });

      it('moves it to the end', () => {
        given(activeBoard)
          .when(command('MoveColumn', { columnId: 'usulan-opd' }))
          .then({ type: 'ColumnMoved', data: { columnId: 'usulan-opd', rank: 'a3', fromRank: 'a0' } });
      });

      it.each([
        ['after its current predecessor', { afterId: 'usulan-opd' }],
        ['before its current successor', { beforeId: 'ditunda' }],
      ])('records nothing when asked to go %s', (_what, placement) => {
        given(activeBoard)
          .when(command('MoveColumn', { columnId: 'telaah-bappeda', ...placement }))
          .then();
      });

      it('records nothing when the last column is asked to go to the end', () => {
        given(activeBoard)
          .when(command('MoveColumn', { columnId: 'ditunda' }))
          .then();
      });

      it.each([
        ['afterId is itself', { afterId: 'ditunda' }],
        ['beforeId is itself', { beforeId: 'ditunda' }],
        ['afterId is not a column', { afterId: 'kolom-hilang' }],
        ['beforeId is not a column', { beforeId: 'kolom-hilang' }],
      ])('rejects InvalidPlacement when %s', (_what, placement) => {
        given(activeBoard)
          .when(command('MoveColumn', { columnId: 'ditunda', ...placement }))
          .thenRejects('InvalidPlacement');
      });
    });

    describe('when the column does not exist', () => {
      it('rejects it with ColumnNotFound', () => {
        given(activeBoard)
          .when(command('MoveColumn', { columnId: 'kolom-hilang' }))
          .thenRejects('ColumnNotFound');
      });
    });
  });

  describe('AddReferenceItem', () => {
    const item = { id: 'pr-1', code: 'PR 1', short: 'Isian', label: 'Isian sekretariat' };

    describe('when the list exists', () => {
      it('adds the item to an empty list', () => {
        given(activeBoard)
          .when(command('AddReferenceItem', { listId: 'pro-rakyat', item }))
          .then({ type: 'ReferenceItemAdded', data: { listId: 'pro-rakyat', item } });
      });

      it('adds the item to a list with items', () => {
        const ac9 = { id: 'ac-9', code: 'AC 9', short: 'Uji', label: 'Butir uji' };
        given(activeBoard)
          .when(command('AddReferenceItem', { listId: 'asta-cita', item: ac9 }))
          .then({ type: 'ReferenceItemAdded', data: { listId: 'asta-cita', item: ac9 } });
      });

      it('rejects an item id already in the list with ReferenceItemAlreadyExists', () => {
        given(activeBoard)
          .when(command('AddReferenceItem', { listId: 'asta-cita', item: { ...item, id: 'ac-4' } }))
          .thenRejects('ReferenceItemAlreadyExists');
        given([...activeBoard, { type: 'ReferenceItemAdded', data: { listId: 'pro-rakyat', item } }])
          .when(command('AddReferenceItem', { listId: 'pro-rakyat', item }))
          .thenRejects('ReferenceItemAlreadyExists');
      });
    });

    describe('when the list does not exist', () => {
      it('rejects it with UnknownReferenceList', () => {
        given(activeBoard)
          .when(command('AddReferenceItem', { listId: 'daftar-hilang', item }))
          .thenRejects('UnknownReferenceList');
      });
    });
  });

  describe('purity', () => {
    it('does not change the state it decides on, and decides the same twice', () => {
      const state = boardFrom('papan-uji', recorded(activeBoard));
      const before = JSON.stringify(state);
      const ctx = () => ({
        actor: testActors.sekretariat,
        now: '2025-02-14T03:00:00.000Z',
        newId: () => 'x-1',
      });
      for (const type of COMMAND_TYPES) {
        const first = decide(ONE_OF_EACH[type], state, ctx());
        const second = decide(ONE_OF_EACH[type], state, ctx());
        expect(second).toEqual(first);
      }
      expect(JSON.stringify(state)).toBe(before);
    });
  });
});
