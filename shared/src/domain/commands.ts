import { z } from 'zod';
import { NOMENCLATURE_CODE_PATTERN } from '../reference/nomenclature';
import { PLAN_YEARS } from '../reference/opds';
import { bilingualIssues, say, sayNow, type ValidationIssue } from '../validation';
import type { ProgramFields } from './types';

// People read these messages: zod's own ones in Bahasa Indonesia too (UI language first).
z.config(z.locales.id());

/**
 * Zod schemas for every command: the one validation both ends use. Messages are in Bahasa Indonesia
 * first because people read them; the `path` of each issue names the field.
 */
export const idSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
    say('Id harus 1–64 huruf, angka, "-" atau "_"', 'An id is 1–64 letters, digits, "-" or "_"'),
  );

export const codeSchema = z
  .string()
  .trim()
  .regex(
    NOMENCLATURE_CODE_PATTERN,
    say('Kode nomenklatur tidak sah; contoh: 1.02.02', 'Invalid nomenclature code; for example 1.02.02'),
  );

const titleSchema = z
  .string()
  .trim()
  .min(3, say('Nomenklatur minimal 3 karakter', 'The program name needs at least 3 characters'))
  .max(300, say('Nomenklatur maksimal 300 karakter', 'The program name has at most 300 characters'));

/** Whole Rupiah: a non-negative integer below Number.MAX_SAFE_INTEGER. */
export const rupiahSchema = z
  .number()
  .int(say('Pagu harus bilangan bulat Rupiah', 'Pagu is in whole Rupiah'))
  .min(0, say('Pagu tidak boleh negatif', 'Pagu cannot be negative'))
  .max(Number.MAX_SAFE_INTEGER, say('Pagu terlalu besar', 'Pagu is too large'));

function perYear<T extends z.ZodType>(value: T) {
  return z
    .object(
      Object.fromEntries(PLAN_YEARS.map((y) => [y, value.nullable().optional()])) as Record<
        (typeof PLAN_YEARS)[number],
        z.ZodOptional<z.ZodNullable<T>>
      >,
    )
    .strict();
}

export const paguSchema = perYear(rupiahSchema);

export const indicatorSchema = z
  .object({
    id: idSchema,
    kinerja: z
      .string()
      .trim()
      .max(500, say('Kinerja maksimal 500 karakter', 'Kinerja: at most 500 characters'))
      .optional(),
    // 500, not 300: the decree's annex has indicator names up to 478 characters (issue 11's prefill).
    name: z.string().trim().min(1, say('Nama indikator wajib diisi', 'An indicator needs a name')).max(500),
    unit: z.string().trim().min(1, say('Satuan indikator wajib diisi', 'An indicator needs a unit')).max(50),
    baseline: z.number().finite().nullable(),
    targets: perYear(z.number().finite()),
  })
  .strict();

const programFieldShape = {
  code: codeSchema,
  title: titleSchema,
  opdId: idSchema,
  indicators: z
    .array(indicatorSchema)
    .max(30, say('Maksimal 30 indikator', 'At most 30 indicators'))
    .refine(
      (list) => new Set(list.map((i) => i.id)).size === list.length,
      say('Id indikator harus unik', 'Indicator ids must be unique'),
    ),
  pagu: paguSchema,
  lokasi: z
    .array(z.string().trim().min(1).max(100))
    .max(50)
    .refine(
      (list) => new Set(list).size === list.length,
      say('Lokasi tidak boleh berulang', 'A location is listed twice'),
    ),
  sumberDana: z.string().trim().max(100).nullable(),
  notes: z.string().max(5000, say('Catatan maksimal 5.000 karakter', 'Notes have at most 5,000 characters')),
};

export const programChangesSchema = z
  .object(programFieldShape)
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, say('Tidak ada perubahan', 'No field to change'));

const indicatorsSchema = programFieldShape.indicators;
const notesSchema = programFieldShape.notes;

/** A kegiatan (`U.BB.PP.L.KK`) or sub-kegiatan (`…KK.SSSS`) code, checked against the board's list by decide. */
const kegiatanCodeSchema = codeSchema.refine(
  (code) => code.split('.').length === 5,
  say(
    'Kode kegiatan berbentuk U.BB.PP.L.KK, contoh: 1.02.02.2.01',
    'A kegiatan code has the form U.BB.PP.L.KK, e.g. 1.02.02.2.01',
  ),
);
const subKegiatanCodeSchema = codeSchema.refine(
  (code) => code.split('.').length === 6,
  say(
    'Kode sub-kegiatan berbentuk U.BB.PP.L.KK.SSSS, contoh: 1.02.02.2.01.0001',
    'A sub-kegiatan code has the form U.BB.PP.L.KK.SSSS, e.g. 1.02.02.2.01.0001',
  ),
);

const kegiatanFieldShape = { indicators: indicatorsSchema, notes: notesSchema };
const subKegiatanFieldShape = {
  indicators: indicatorsSchema,
  pagu: paguSchema,
  lokasi: programFieldShape.lokasi,
  notes: notesSchema,
};
const someChange = (changes: object) => Object.keys(changes).length > 0;
const noChangeMessage = say('Tidak ada perubahan', 'No field to change');

export const kegiatanChangesSchema = z
  .object(kegiatanFieldShape)
  .partial()
  .strict()
  .refine(someChange, noChangeMessage);
export const subKegiatanChangesSchema = z
  .object(subKegiatanFieldShape)
  .partial()
  .strict()
  .refine(someChange, noChangeMessage);

const reasonSchema = z.string().trim().max(500).default('');

const placement = {
  beforeId: idSchema.optional(),
  afterId: idSchema.optional(),
};

const opdSchema = z
  .object({ id: idSchema, name: z.string().min(1).max(200), short: z.string().min(1).max(50) })
  .strict();
const referenceItemSchema = z
  .object({
    id: idSchema,
    code: z.string().trim().min(1).max(30),
    short: z.string().trim().min(1).max(80),
    label: z.string().trim().min(1).max(500),
  })
  .strict();
const referenceListSchema = z
  .object({
    id: idSchema,
    title: z.string().min(1).max(200),
    source: z.string().max(500),
    items: z.array(referenceItemSchema).max(500),
  })
  .strict();

const meetingTitleSchema = z
  .string()
  .trim()
  .min(3, say('Judul minimal 3 karakter', 'A title needs at least 3 characters'))
  .max(200, say('Judul maksimal 200 karakter', 'A title has at most 200 characters'));

/**
 * What RevertProgram can bring back: a program field, 'place' (its column, position and archived), or
 * 'rincian' (its kegiatan and sub-kegiatan as they were: added back, revised, archived or restored).
 */
export const REVERT_PARTS = [
  'code',
  'title',
  'opdId',
  'indicators',
  'pagu',
  'lokasi',
  'sumberDana',
  'notes',
  'place',
  'rincian',
] as const satisfies ReadonlyArray<keyof ProgramFields | 'place' | 'rincian'>;
// A field added to ProgramFields must be revertable too: this fails to compile until it is listed.
const everyFieldRevertable: Exclude<keyof ProgramFields, (typeof REVERT_PARTS)[number]> extends never
  ? true
  : never = true;
void everyFieldRevertable;

export const commandDataSchemas = {
  CreateBoard: z
    .object({
      boardId: idSchema,
      title: z.string().trim().min(3).max(200),
      description: z.string().max(2000).default(''),
      sample: z.boolean().default(false),
      synthetic: z.boolean().default(false),
      nomenclatureVersion: z.string().min(1).max(100),
      columns: z
        .array(z.object({ id: idSchema, title: z.string().trim().min(1).max(100) }).strict())
        .min(1)
        .max(30),
      opds: z.array(opdSchema).max(200),
      referenceLists: z.array(referenceListSchema).max(50),
    })
    .strict()
    .superRefine((board, ctx) => {
      const unique = (ids: string[], path: string, what: string, whatEn: string) => {
        const seen = new Set<string>();
        for (const id of ids) {
          if (seen.has(id))
            ctx.addIssue({
              code: 'custom',
              path: [path],
              message: sayNow(`${what} "${id}" berulang`, `${whatEn} "${id}" appears twice`),
            });
          seen.add(id);
        }
      };
      unique(
        board.columns.map((c) => c.id),
        'columns',
        'Id kolom',
        'Column id',
      );
      unique(
        board.columns.map((c) => c.title.toLocaleLowerCase('id')),
        'columns',
        'Judul kolom',
        'Column title',
      );
      unique(
        board.opds.map((o) => o.id),
        'opds',
        'Id OPD',
        'OPD id',
      );
      unique(
        board.referenceLists.map((l) => l.id),
        'referenceLists',
        'Id daftar acuan',
        'Reference list id',
      );
      for (const list of board.referenceLists)
        unique(
          list.items.map((i) => i.id),
          'referenceLists',
          `Butir ${list.id}`,
          `Item of ${list.id}`,
        );
    }),
  ProposeProgram: z
    .object({
      programId: idSchema.optional(),
      columnId: idSchema.optional(),
      ...programFieldShape,
      indicators: programFieldShape.indicators.default([]),
      pagu: paguSchema.default({}),
      lokasi: programFieldShape.lokasi.default([]),
      sumberDana: programFieldShape.sumberDana.default(null),
      notes: programFieldShape.notes.default(''),
    })
    .strict(),
  ReviseProgram: z.object({ programId: idSchema, changes: programChangesSchema }).strict(),
  MoveProgram: z.object({ programId: idSchema, toColumnId: idSchema, ...placement }).strict(),
  TagProgram: z.object({ programId: idSchema, listId: idSchema, itemId: idSchema }).strict(),
  UntagProgram: z.object({ programId: idSchema, listId: idSchema, itemId: idSchema }).strict(),
  CommentOnProgram: z
    .object({
      programId: idSchema,
      text: z
        .string()
        .trim()
        .min(1, say('Komentar kosong', 'The comment is empty'))
        .max(2000, say('Komentar maksimal 2.000 karakter', 'A comment has at most 2,000 characters')),
    })
    .strict(),
  ArchiveProgram: z.object({ programId: idSchema, reason: z.string().trim().max(500).default('') }).strict(),
  UnarchiveProgram: z.object({ programId: idSchema }).strict(),
  AddColumn: z
    .object({ columnId: idSchema.optional(), title: z.string().trim().min(1).max(100), ...placement })
    .strict(),
  RenameColumn: z.object({ columnId: idSchema, title: z.string().trim().min(1).max(100) }).strict(),
  SetColumnPolicy: z.object({ columnId: idSchema, opdMoves: z.boolean() }).strict(),
  MoveColumn: z.object({ columnId: idSchema, ...placement }).strict(),
  AddReferenceItem: z.object({ listId: idSchema, item: referenceItemSchema }).strict(),
  StartMeeting: z.object({ meetingId: idSchema.optional(), title: meetingTitleSchema }).strict(),
  EndMeeting: z.object({ meetingId: idSchema }).strict(),
  MarkMilestone: z.object({ milestoneId: idSchema.optional(), title: meetingTitleSchema }).strict(),
  AddKegiatan: z
    .object({
      programId: idSchema,
      code: kegiatanCodeSchema,
      indicators: indicatorsSchema.default([]),
      notes: notesSchema.default(''),
    })
    .strict(),
  ReviseKegiatan: z
    .object({ programId: idSchema, code: kegiatanCodeSchema, changes: kegiatanChangesSchema })
    .strict(),
  ArchiveKegiatan: z.object({ programId: idSchema, code: kegiatanCodeSchema, reason: reasonSchema }).strict(),
  UnarchiveKegiatan: z.object({ programId: idSchema, code: kegiatanCodeSchema }).strict(),
  AddSubKegiatan: z
    .object({
      programId: idSchema,
      code: subKegiatanCodeSchema,
      indicators: indicatorsSchema.default([]),
      pagu: paguSchema.default({}),
      lokasi: programFieldShape.lokasi.default([]),
      notes: notesSchema.default(''),
    })
    .strict(),
  ReviseSubKegiatan: z
    .object({ programId: idSchema, code: subKegiatanCodeSchema, changes: subKegiatanChangesSchema })
    .strict(),
  ArchiveSubKegiatan: z
    .object({ programId: idSchema, code: subKegiatanCodeSchema, reason: reasonSchema })
    .strict(),
  UnarchiveSubKegiatan: z.object({ programId: idSchema, code: subKegiatanCodeSchema }).strict(),
  SetOpdBidang: z
    .object({
      opdId: idSchema,
      bidang: z
        .array(
          codeSchema.refine(
            (code) => code.split('.').length === 2,
            say(
              'Kode bidang urusan berbentuk U.BB, contoh: 1.02',
              'A bidang urusan code has the form U.BB, e.g. 1.02',
            ),
          ),
        )
        .max(50)
        .refine(
          (list) => new Set(list).size === list.length,
          say('Bidang tidak boleh berulang', 'A bidang may appear only once'),
        ),
    })
    .strict(),
  ChangeNomenclature: z
    .object({
      version: z.string().min(1).max(100),
      /** Codes the new version renumbers: old code → new code (names that merely changed need nothing). */
      renames: z
        .array(z.object({ from: codeSchema, to: codeSchema }).strict())
        .max(5000)
        .default([]),
    })
    .strict(),
  RevertProgram: z
    .object({
      programId: idSchema,
      toRevision: z.number().int().min(0, say('toRevision minimal 0', 'toRevision is at least 0')),
      parts: z
        .array(z.enum(REVERT_PARTS))
        .min(1, say('Pilih minimal satu bagian untuk dikembalikan', 'Choose at least one part to revert'))
        .refine(
          (parts) => new Set(parts).size === parts.length,
          say('Bagian tidak boleh berulang', 'A part is listed twice'),
        ),
      reason: z
        .string()
        .trim()
        .min(3, say('Alasan pengembalian wajib diisi', 'A reason for the revert is required'))
        .max(500, say('Alasan maksimal 500 karakter', 'A reason has at most 500 characters')),
    })
    .strict(),
} as const;

export type CommandType = keyof typeof commandDataSchemas;
export const COMMAND_TYPES = Object.keys(commandDataSchemas) as CommandType[];

export type CommandData<T extends CommandType> = z.output<(typeof commandDataSchemas)[T]>;
export type CommandInput<T extends CommandType> = z.input<(typeof commandDataSchemas)[T]>;

/** A validated command: its type and parsed data (defaults filled in). */
export type BoardCommand = { [T in CommandType]: { type: T; data: CommandData<T> } }[CommandType];
export type CommandOfType<T extends CommandType> = Extract<BoardCommand, { type: T }>;

/** The HTTP body of POST /api/boards/:boardId/commands. */
export const commandEnvelopeSchema = z
  .object({
    commandId: z.string().uuid(say('commandId harus UUID', 'commandId must be a UUID')),
    type: z.enum(
      COMMAND_TYPES as [CommandType, ...CommandType[]],
      say(
        `type harus salah satu dari: ${COMMAND_TYPES.join(', ')}`,
        `type must be one of: ${COMMAND_TYPES.join(', ')}`,
      ),
    ),
    baseRevision: z.number().int().min(-1, say('baseRevision minimal -1', 'baseRevision is at least -1')),
    data: z.unknown(),
  })
  .strict();
export type CommandEnvelope = z.infer<typeof commandEnvelopeSchema>;

/** Validates an envelope's `data` against its type; returns the typed command or bilingual issues. */
export function parseCommand(
  type: CommandType,
  data: unknown,
):
  | { success: true; command: BoardCommand }
  | { success: false; error: z.ZodError; issues: ValidationIssue[] } {
  const schema = commandDataSchemas[type];
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    return { success: false, error: parsed.error, issues: bilingualIssues(schema, data, parsed.error) };
  return { success: true, command: { type, data: parsed.data } as BoardCommand };
}
