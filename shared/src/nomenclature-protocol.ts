import { z } from 'zod';
import { say } from './validation';
import {
  NOMENCLATURE_CODE_PATTERN,
  type NomenclatureEntry,
  type NomenclatureLevel,
} from './reference/nomenclature';

const LEVELS = [
  'urusan',
  'bidang',
  'program',
  'kegiatan',
  'subKegiatan',
] as const satisfies readonly NomenclatureLevel[];

/**
 * GET /api/nomenclature/:version/search?q=&level=&under=&limit=: search as you type over one version
 * (code prefix or Indonesian words). `level` may repeat or be comma-separated.
 */
export const nomenclatureSearchQuerySchema = z
  .object({
    q: z.string().max(200, say('q maksimal 200 karakter', 'q: at most 200 characters')).default(''),
    level: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((value) =>
        value === undefined
          ? undefined
          : (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).filter((v) => v !== ''),
      )
      .pipe(
        z
          .array(
            z.enum(LEVELS, {
              error: say(
                `level harus salah satu dari: ${LEVELS.join(', ')}`,
                `level must be one of: ${LEVELS.join(', ')}`,
              ).error,
            }),
          )
          .max(5)
          .optional(),
      ),
    under: z
      .string()
      .regex(
        NOMENCLATURE_CODE_PATTERN,
        say('under harus kode nomenklatur, mis. 1.02.02', 'under must be a nomenclature code, e.g. 1.02.02'),
      )
      .optional(),
    limit: z.coerce
      .number()
      .int(say('limit harus bilangan bulat', 'limit must be a whole number'))
      .min(1, say('limit minimal 1', 'limit must be at least 1'))
      .max(100, say('limit maksimal 100', 'limit must be at most 100'))
      .default(20),
  })
  .strict();

export type NomenclatureSearchQuery = z.output<typeof nomenclatureSearchQuerySchema>;

export interface NomenclatureSearchResponse {
  version: string;
  results: NomenclatureEntry[];
}
