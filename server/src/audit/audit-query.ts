import { say, sayNow, validate } from '@selaras/shared';
import { z } from 'zod';
import { ApiError } from '../http/api-error';
import type { AuditFilter } from './audit-index';

/**
 * The query strings of the audit endpoints. A time is ISO 8601 (`2025-02-14T10:32:00+07:00`); one
 * without a zone is read as UTC, so the answer never depends on the server's time zone.
 */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

export const timeSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const match = ISO_TIME.exec(value);
    const zoned = match && !match[1] && value.length > 10 ? `${value}Z` : value;
    const ms = match ? Date.parse(zoned.replace(' ', 'T')) : NaN;
    if (!Number.isFinite(ms)) {
      ctx.addIssue({
        code: 'custom',
        message: sayNow(
          `Waktu "${value.slice(0, 40)}" tidak sah; pakai ISO 8601, mis. 2025-02-14T10:32:00+07:00`,
          `Invalid time "${value.slice(0, 40)}"; use ISO 8601, e.g. 2025-02-14T10:32:00+07:00`,
        ),
      });
      return z.NEVER;
    }
    return ms;
  });

const revisionMessage = () => say('Revisi harus bilangan bulat ≥ 0', 'A revision is a whole number ≥ 0');
const revisionSchema = z.coerce.number(revisionMessage()).int(revisionMessage()).min(0, revisionMessage());

/** `?type=A&type=B` or `?type=A,B`. */
const listSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : [value])
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter((v) => v.length > 0),
  )
  .pipe(z.array(z.string().max(100)).max(50));

export const auditQuerySchema = z
  .object({
    actor: listSchema.optional(),
    opd: listSchema.optional(),
    program: listSchema.optional(),
    type: listSchema.optional(),
    from: timeSchema.optional(),
    to: timeSchema.optional(),
    before: revisionSchema.optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1, say('limit minimal 1', 'limit is at least 1'))
      .max(500, say('limit maksimal 500', 'limit is at most 500'))
      .default(100),
  })
  .strict();

export type AuditQuery = z.output<typeof auditQuerySchema>;

export function filterOf(query: AuditQuery): AuditFilter {
  return {
    actors: query.actor,
    opds: query.opd,
    programs: query.program,
    types: query.type,
    from: query.from,
    to: query.to,
  };
}

/** A point in the history: `at` (a revision) or `asOf` (a time), exactly one. */
export type PointQuery = { at: number } | { asOf: number };

export const pointQuerySchema = z
  .object({ at: revisionSchema.optional(), asOf: timeSchema.optional() })
  .strict()
  .refine(
    (q) => (q.at === undefined) !== (q.asOf === undefined),
    say('Berikan salah satu: at (revisi) atau asOf (waktu)', 'Give either at (a revision) or asOf (a time)'),
  );

export const compareQuerySchema = z
  .object({
    from: revisionSchema.optional(),
    to: revisionSchema.optional(),
    fromAsOf: timeSchema.optional(),
    toAsOf: timeSchema.optional(),
  })
  .strict()
  .refine(
    (q) => (q.from === undefined) !== (q.fromAsOf === undefined),
    say('Berikan salah satu: from atau fromAsOf', 'Give either from or fromAsOf'),
  )
  .refine(
    (q) => (q.to === undefined) !== (q.toAsOf === undefined),
    say('Berikan salah satu: to atau toAsOf', 'Give either to or toAsOf'),
  );

export function pointOf(q: { at?: number; asOf?: number }): PointQuery {
  return q.at !== undefined ? { at: q.at } : { asOf: q.asOf! };
}

/** Parses a query or throws the bilingual 400. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const parsed = validate(schema, query ?? {});
  if (!parsed.success) throw ApiError.validation(parsed.issues, { id: 'Parameter', en: 'query' });
  return parsed.data;
}
