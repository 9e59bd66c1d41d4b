import { z } from 'zod';
import { NOMENCLATURE_CODE_PATTERN } from '../reference/nomenclature';
import { PLAN_YEARS } from '../reference/opds';
import { bilingualIssues, type ValidationIssue } from '../validation';
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
    'Id harus 1–64 huruf, angka, "-" atau "_" (id must be 1–64 letters, digits, - or _)',
  );

export const codeSchema = z
  .string()
  .trim()
  .regex(
    NOMENCLATURE_CODE_PATTERN,
    'Kode nomenklatur tidak sah; contoh: 1.02.02 (invalid nomenclature code)',
  );

const titleSchema = z
  .string()
  .trim()
  .min(3, 'Nomenklatur minimal 3 karakter')
  .max(300, 'Nomenklatur maksimal 300 karakter');

/** Whole Rupiah: a non-negative integer below Number.MAX_SAFE_INTEGER. */
export const rupiahSchema = z
  .number()
  .int('Pagu harus bilangan bulat Rupiah (whole Rupiah)')
  .min(0, 'Pagu tidak boleh negatif')
  .max(Number.MAX_SAFE_INTEGER, 'Pagu terlalu besar');

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
    kinerja: z.string().trim().max(500, 'Kinerja maksimal 500 karakter').optional(),
    name: z
      .string()
      .trim()
      .min(1, 'Nama indikator wajib diisi')
      .max(500, 'Nama indikator maksimal 500 karakter'),
    unit: z.string().trim().min(1, 'Satuan indikator wajib diisi').max(50),
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
    .max(30, 'Maksimal 30 indikator')
    .refine((list) => new Set(list.map((i) => i.id)).size === list.length, 'Id indikator harus unik'),
  pagu: paguSchema,
  lokasi: z
    .array(z.string().trim().min(1).max(100))
    .max(50)
    .refine((list) => new Set(list).size === list.length, 'Lokasi tidak boleh berulang'),
  sumberDana: z.string().trim().max(100).nullable(),
  notes: z.string().max(5000, 'Catatan maksimal 5.000 karakter'),
};

export const programChangesSchema = z
  .object(programFieldShape)
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'Tidak ada perubahan (no field to change)');

const indicatorsSchema = programFieldShape.indicators;
const notesSchema = programFieldShape.notes;

/** A kegiatan (`U.BB.PP.L.KK`) or sub-kegiatan (`…KK.SSSS`) code, checked against the board's list by decide. */
const kegiatanCodeSchema = codeSchema.refine((code) => code.split('.').length === 5, {
  message: 'Kode kegiatan berbentuk U.BB.PP.L.KK, contoh: 1.02.02.2.01 (a kegiatan code)',
});
const subKegiatanCodeSchema = codeSchema.refine((code) => code.split('.').length === 6, {
  message: 'Kode sub-kegiatan berbentuk U.BB.PP.L.KK.SSSS, contoh: 1.02.02.2.01.0001 (a sub-kegiatan code)',
});

const kegiatanFieldShape = { indicators: indicatorsSchema, notes: notesSchema };
const subKegiatanFieldShape = {
  indicators: indicatorsSchema,
  pagu: paguSchema,
  lokasi: programFieldShape.lokasi,
  notes: notesSchema,
};
const someChange = (changes: object) => Object.keys(changes).length > 0;
const noChangeMessage = 'Tidak ada perubahan (no field to change)';

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
  .min(3, 'Judul minimal 3 karakter (title: at least 3 characters)')
  .max(200, 'Judul maksimal 200 karakter');

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
      const unique = (ids: string[], path: string, what: string) => {
        const seen = new Set<string>();
        for (const id of ids) {
          if (seen.has(id))
            ctx.addIssue({ code: 'custom', path: [path], message: `${what} "${id}" berulang` });
          seen.add(id);
        }
      };
      unique(
        board.columns.map((c) => c.id),
        'columns',
        'Id kolom',
      );
      unique(
        board.columns.map((c) => c.title.toLocaleLowerCase('id')),
        'columns',
        'Judul kolom',
      );
      unique(
        board.opds.map((o) => o.id),
        'opds',
        'Id OPD',
      );
      unique(
        board.referenceLists.map((l) => l.id),
        'referenceLists',
        'Id daftar acuan',
      );
      for (const list of board.referenceLists)
        unique(
          list.items.map((i) => i.id),
          'referenceLists',
          `Butir ${list.id}`,
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
      text: z.string().trim().min(1, 'Komentar kosong').max(2000, 'Komentar maksimal 2.000 karakter'),
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
          codeSchema.refine((code) => code.split('.').length === 2, {
            message: 'Kode bidang urusan berbentuk U.BB, contoh: 1.02 (a bidang urusan code)',
          }),
        )
        .max(50)
        .refine((list) => new Set(list).size === list.length, 'Bidang tidak boleh berulang'),
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
      toRevision: z.number().int().min(0, 'toRevision minimal 0'),
      parts: z
        .array(z.enum(REVERT_PARTS))
        .min(1, 'Pilih minimal satu bagian untuk dikembalikan (choose at least one part to revert)')
        .refine((parts) => new Set(parts).size === parts.length, 'Bagian tidak boleh berulang'),
      reason: z
        .string()
        .trim()
        .min(3, 'Alasan pengembalian wajib diisi (a reason is required)')
        .max(500, 'Alasan maksimal 500 karakter'),
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
    commandId: z.string().uuid('commandId harus UUID (commandId must be a UUID)'),
    type: z.enum(COMMAND_TYPES as [CommandType, ...CommandType[]], {
      message: `type harus salah satu dari: ${COMMAND_TYPES.join(', ')}`,
    }),
    baseRevision: z.number().int().min(-1, 'baseRevision minimal -1'),
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
