import { randomUUID } from 'node:crypto';
import {
  COMMAND_TYPES,
  commandDataSchemas,
  commandEnvelopeSchema,
  parseCommand,
  type CommandType,
} from './commands';

interface Issue {
  path: string;
  code: string;
  message: string;
}

/** The issues of an invalid command, with paths joined by dots (`pagu.2026`). */
function issuesOf(type: CommandType, data: unknown): Issue[] {
  const parsed = parseCommand(type, data);
  if (parsed.success)
    throw new Error(`expected ${type} to be invalid, got ${JSON.stringify(parsed.command)}`);
  return parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }));
}

const pathsOf = (type: CommandType, data: unknown): string[] => issuesOf(type, data).map((i) => i.path);

function dataOf(type: CommandType, data: unknown): unknown {
  const parsed = parseCommand(type, data);
  if (!parsed.success) throw new Error(`expected ${type} to be valid: ${parsed.error.message}`);
  expect(parsed.command.type).toBe(type);
  return parsed.command.data;
}

const proposal = { code: '1.02.02', title: 'Program Pemenuhan Upaya Kesehatan', opdId: 'dinkes' };

describe('command schemas', () => {
  it('has a schema for each of the 28 command types', () => {
    expect(COMMAND_TYPES).toHaveLength(28);
    expect(Object.keys(commandDataSchemas)).toEqual(COMMAND_TYPES);
  });

  describe('ProposeProgram', () => {
    it('fills in the defaults and trims the code and title', () => {
      expect(
        dataOf('ProposeProgram', {
          ...proposal,
          code: ' 1.02.02 ',
          title: '  Program Pemenuhan Upaya Kesehatan ',
        }),
      ).toEqual({
        code: '1.02.02',
        title: 'Program Pemenuhan Upaya Kesehatan',
        opdId: 'dinkes',
        indicators: [],
        pagu: {},
        lokasi: [],
        sumberDana: null,
        notes: '',
      });
    });

    it('accepts a full card', () => {
      const card = {
        programId: 'dinkes-1-02-02',
        columnId: 'usulan-opd',
        ...proposal,
        indicators: [
          {
            id: 'ind-1',
            name: 'Cakupan layanan',
            unit: '%',
            baseline: null,
            targets: { '2026': 80, '2029': null },
          },
        ],
        pagu: { '2025': 0, '2026': 1_500_000_000, '2027': null },
        lokasi: ['Betung', 'Talang Kelapa'],
        sumberDana: 'DAU',
        notes: 'Data contoh.',
      };
      expect(dataOf('ProposeProgram', card)).toEqual(card);
    });

    it.each([['1'], ['1.02'], ['1.02.02'], ['1.02.02.1.01'], ['1.02.02.1.01.0001']])(
      'accepts the well-formed code %s (whether it is known is the domain’s call)',
      (code) => {
        expect(dataOf('ProposeProgram', { ...proposal, code })).toMatchObject({ code });
      },
    );

    it.each([['abc'], ['1.2.3'], ['1.02.2'], ['1.02.02.01'], ['1.02.02.1.01.001'], ['1.02.02.'], ['']])(
      'rejects the malformed code %p at path code',
      (code) => {
        const issues = issuesOf('ProposeProgram', { ...proposal, code });
        expect(issues).toEqual([
          expect.objectContaining({
            path: 'code',
            message: expect.stringMatching(/Kode nomenklatur tidak sah/),
          }),
        ]);
      },
    );

    it.each([
      ['a negative pagu', { '2026': -1 }, 'pagu.2026', /negatif/],
      ['a fractional pagu', { '2027': 1500.5 }, 'pagu.2027', /bilangan bulat/],
      ['a pagu as text', { '2028': '1000' }, 'pagu.2028', /.+/],
      ['a year outside the plan', { '2030': 1 }, 'pagu', /2030/],
    ])('rejects %s at its path', (_what, pagu, path, message) => {
      const issues = issuesOf('ProposeProgram', { ...proposal, pagu });
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ path, message: expect.stringMatching(message) });
    });

    it('rejects a pagu beyond safe integers at its path', () => {
      const issues = issuesOf('ProposeProgram', {
        ...proposal,
        pagu: { '2025': Number.MAX_SAFE_INTEGER + 2 },
      });
      expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['pagu.2025']));
      expect(new Set(issues.map((i) => i.path))).toEqual(new Set(['pagu.2025']));
      expect(issues.map((i) => i.message)).toContain('Pagu terlalu besar');
    });

    it('names every bad field at once', () => {
      expect(
        pathsOf('ProposeProgram', {
          ...proposal,
          code: 'x',
          title: 'ab',
          pagu: { '2026': -5 },
          notes: 'n'.repeat(5001),
        }),
      ).toEqual(['code', 'title', 'pagu.2026', 'notes']);
    });

    it('rejects unknown keys (strict), naming them', () => {
      const issues = issuesOf('ProposeProgram', { ...proposal, stage: 'disepakati' });
      expect(issues).toEqual([
        expect.objectContaining({
          path: '',
          code: 'unrecognized_keys',
          message: expect.stringMatching(/stage/),
        }),
      ]);
      expect(
        pathsOf('ProposeProgram', {
          ...proposal,
          indicators: [{ id: 'i', name: 'n', unit: 'u', baseline: 1, targets: {}, x: 1 }],
        }),
      ).toEqual(['indicators.0']);
    });

    it.each([
      [
        'duplicate indicator ids',
        {
          indicators: [1, 2].map(() => ({ id: 'ind-1', name: 'n', unit: '%', baseline: null, targets: {} })),
        },
        'indicators',
      ],
      ['repeated lokasi', { lokasi: ['Betung', 'Betung'] }, 'lokasi'],
      [
        'an empty indicator name',
        { indicators: [{ id: 'ind-1', name: ' ', unit: '%', baseline: null, targets: {} }] },
        'indicators.0.name',
      ],
      [
        'a non-finite target',
        {
          indicators: [{ id: 'ind-1', name: 'n', unit: '%', baseline: null, targets: { '2026': Infinity } }],
        },
        'indicators.0.targets.2026',
      ],
      ['too long notes', { notes: 'n'.repeat(5001) }, 'notes'],
    ])('rejects %s', (_what, fields, path) => {
      expect(pathsOf('ProposeProgram', { ...proposal, ...fields })).toEqual([path]);
    });
  });

  describe('ids', () => {
    it.each([['dinkes-1-02-02'], ['A'], ['a_b'], ['x'.repeat(64)]])('accepts %p', (programId) => {
      expect(dataOf('ArchiveProgram', { programId })).toEqual({ programId, reason: '' });
    });

    it.each([[''], ['ada spasi'], ['-awal'], ['_awal'], ['x'.repeat(65)], ['pendidikan/1'], ['ü'], [42]])(
      'rejects %p at its path',
      (programId) => {
        const issues = issuesOf('ArchiveProgram', { programId });
        expect(issues.map((i) => i.path)).toEqual(['programId']);
      },
    );

    it('checks placement ids too', () => {
      expect(
        pathsOf('MoveProgram', {
          programId: 'p-a',
          toColumnId: 'ditunda',
          afterId: 'bukan id',
          beforeId: '',
        }),
      ).toEqual(['beforeId', 'afterId']);
    });
  });

  describe('ReviseProgram', () => {
    it('accepts a partial change', () => {
      expect(dataOf('ReviseProgram', { programId: 'p-a', changes: { pagu: { '2026': null } } })).toEqual({
        programId: 'p-a',
        changes: { pagu: { '2026': null } },
      });
    });

    it('rejects empty changes', () => {
      expect(issuesOf('ReviseProgram', { programId: 'p-a', changes: {} })).toEqual([
        expect.objectContaining({ path: 'changes', message: expect.stringMatching(/Tidak ada perubahan/) }),
      ]);
    });

    it('rejects fields that are not program fields', () => {
      const issues = issuesOf('ReviseProgram', { programId: 'p-a', changes: { columnId: 'ditunda' } });
      expect(issues).toContainEqual(
        expect.objectContaining({
          path: 'changes',
          code: 'unrecognized_keys',
          message: expect.stringMatching(/columnId/),
        }),
      );
      expect(issues.every((i) => i.path === 'changes')).toBe(true);
    });

    it('validates the changed values at their paths', () => {
      expect(
        pathsOf('ReviseProgram', { programId: 'p-a', changes: { pagu: { '2026': -1 }, code: '1.2' } }),
      ).toEqual(['changes.code', 'changes.pagu.2026']);
    });

    it('rejects a missing changes object', () => {
      expect(pathsOf('ReviseProgram', { programId: 'p-a' })).toEqual(['changes']);
    });
  });

  describe('CommentOnProgram', () => {
    it('trims the text and accepts 2,000 characters', () => {
      expect(dataOf('CommentOnProgram', { programId: 'p-a', text: ` ${'k'.repeat(2000)} ` })).toEqual({
        programId: 'p-a',
        text: 'k'.repeat(2000),
      });
    });

    it('rejects a comment over 2,000 characters', () => {
      expect(issuesOf('CommentOnProgram', { programId: 'p-a', text: 'k'.repeat(2001) })).toEqual([
        expect.objectContaining({ path: 'text', message: expect.stringMatching(/maksimal 2.000/) }),
      ]);
    });

    it('rejects an empty comment', () => {
      expect(issuesOf('CommentOnProgram', { programId: 'p-a', text: '   ' })).toEqual([
        expect.objectContaining({ path: 'text', message: 'Komentar kosong' }),
      ]);
    });
  });

  describe('CreateBoard', () => {
    const board = {
      boardId: 'papan-uji',
      title: 'Papan uji',
      nomenclatureVersion: 'v1',
      columns: [{ id: 'usulan-opd', title: 'Usulan OPD' }],
      opds: [],
      referenceLists: [],
    };

    it('fills in the defaults', () => {
      expect(dataOf('CreateBoard', board)).toEqual({
        ...board,
        description: '',
        sample: false,
        synthetic: false,
      });
    });

    it('needs at least one column', () => {
      expect(pathsOf('CreateBoard', { ...board, columns: [] })).toEqual(['columns']);
    });

    it('rejects unknown keys in nested reference items', () => {
      const referenceLists = [
        {
          id: 'l',
          title: 'L',
          source: '',
          items: [{ id: 'i', code: 'I', short: 'i', label: 'i', extra: 1 }],
        },
      ];
      expect(pathsOf('CreateBoard', { ...board, referenceLists })).toEqual(['referenceLists.0.items.0']);
    });
  });

  describe('the other commands', () => {
    it.each([
      ['MoveProgram', { programId: 'p-a' }, ['toColumnId']],
      ['TagProgram', { programId: 'p-a', listId: 'asta-cita' }, ['itemId']],
      ['AddColumn', { title: '' }, ['title']],
      ['RenameColumn', { columnId: 'c', title: 'x'.repeat(101) }, ['title']],
      [
        'AddReferenceItem',
        { listId: 'pro-rakyat', item: { id: 'pr-1', code: '', short: 's', label: 'l' } },
        ['item.code'],
      ],
      ['ArchiveProgram', { programId: 'p-a', reason: 'r'.repeat(501) }, ['reason']],
      ['UnarchiveProgram', { programId: 'p-a', reason: 'x' }, ['']],
    ] as Array<[CommandType, unknown, string[]]>)('%s rejects %j at %j', (type, data, paths) => {
      expect(pathsOf(type, data)).toEqual(paths);
    });

    it.each([[null], ['text'], [[]], [undefined]])('rejects data that is not an object: %p', (data) => {
      for (const type of COMMAND_TYPES) expect(parseCommand(type, data).success).toBe(false);
    });
  });
});

describe('commandEnvelopeSchema', () => {
  const envelope = {
    commandId: randomUUID(),
    type: 'ProposeProgram',
    baseRevision: 12,
    data: { anything: true },
  };
  const pathsOfEnvelope = (value: unknown): string[] => {
    const parsed = commandEnvelopeSchema.safeParse(value);
    if (parsed.success) throw new Error('expected an invalid envelope');
    return parsed.error.issues.map((i) => i.path.join('.'));
  };

  it('accepts a well-formed envelope and leaves data to the type’s schema', () => {
    expect(commandEnvelopeSchema.parse(envelope)).toEqual(envelope);
    expect(commandEnvelopeSchema.parse({ ...envelope, baseRevision: -1 })).toMatchObject({
      baseRevision: -1,
    });
  });

  it.each([['c-1'], ['not-a-uuid'], [''], ['123e4567e89b12d3a456426614174000'], [42]])(
    'rejects the commandId %p',
    (commandId) => {
      const parsed = commandEnvelopeSchema.safeParse({ ...envelope, commandId });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['commandId']);
    },
  );

  it('rejects an unknown type and lists the known ones', () => {
    const parsed = commandEnvelopeSchema.safeParse({ ...envelope, type: 'DeleteProgram' });
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({ path: ['type'], message: expect.stringContaining('ProposeProgram') }),
    ]);
  });

  it.each([
    ['a baseRevision below -1', { ...envelope, baseRevision: -2 }, ['baseRevision']],
    ['a fractional baseRevision', { ...envelope, baseRevision: 1.5 }, ['baseRevision']],
    [
      'a missing baseRevision',
      { commandId: envelope.commandId, type: envelope.type, data: {} },
      ['baseRevision'],
    ],
    ['an unknown key', { ...envelope, userId: 'u-1' }, ['']],
  ])('rejects %s', (_what, value, paths) => {
    expect(pathsOfEnvelope(value)).toEqual(paths);
  });
});

describe('CreateBoard rejects repeated ids', () => {
  it.each([
    [
      'columns',
      {
        columns: [
          { id: 'a', title: 'A' },
          { id: 'a', title: 'B' },
        ],
      },
    ],
    [
      'column titles',
      {
        columns: [
          { id: 'a', title: 'Sama' },
          { id: 'b', title: 'sama' },
        ],
      },
    ],
    [
      'opds',
      {
        opds: [
          { id: 'x', name: 'X', short: 'X' },
          { id: 'x', name: 'Y', short: 'Y' },
        ],
      },
    ],
  ])('%s', (_what, patch) => {
    const parsed = commandDataSchemas.CreateBoard.safeParse({
      boardId: 'papan',
      title: 'Papan uji',
      nomenclatureVersion: 'v',
      columns: [{ id: 'a', title: 'A' }],
      opds: [],
      referenceLists: [],
      ...patch,
    });
    expect(parsed.success).toBe(false);
  });
});
