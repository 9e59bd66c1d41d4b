import { z } from 'zod';
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
    q: z.string().max(200, 'q maksimal 200 karakter (q: at most 200 characters)').default(''),
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
              message: `level harus salah satu dari: ${LEVELS.join(', ')} (level must be one of them)`,
            }),
          )
          .max(5)
          .optional(),
      ),
    under: z
      .string()
      .regex(NOMENCLATURE_CODE_PATTERN, 'under harus kode nomenklatur, mis. 1.02.02 (under: a code)')
      .optional(),
    limit: z.coerce
      .number()
      .int('limit harus bilangan bulat')
      .min(1, 'limit minimal 1')
      .max(100, 'limit maksimal 100')
      .default(20),
  })
  .strict();

export type NomenclatureSearchQuery = z.output<typeof nomenclatureSearchQuerySchema>;

export interface NomenclatureSearchResponse {
  version: string;
  results: NomenclatureEntry[];
}
