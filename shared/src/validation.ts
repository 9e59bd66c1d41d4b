import { z } from 'zod';

/** One field problem, said in both languages (the UI shows the one the person chose). */
export interface ValidationIssue {
  path: string;
  code: string;
  message: string;
  messageEn: string;
}

const english = z.locales.en().localeError;

/**
 * Turns a failed parse into bilingual issues: zod's own messages are Bahasa Indonesia (the global
 * locale) and English (a second parse with the English locale, only on this failure path). Messages a
 * schema sets itself stay as written.
 */
export function bilingualIssues(schema: z.ZodType, data: unknown, error: z.ZodError): ValidationIssue[] {
  const again = schema.safeParse(data, { error: english });
  const en = again.success ? [] : again.error.issues;
  return error.issues.map((issue, i) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
    messageEn: en[i]?.message ?? issue.message,
  }));
}

export type Validated<T> = { success: true; data: T } | { success: false; issues: ValidationIssue[] };

/** Parses `data` with `schema`; on failure, bilingual issues instead of a ZodError. */
export function validate<S extends z.ZodType>(schema: S, data: unknown): Validated<z.output<S>> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { success: true, data: parsed.data };
  return { success: false, issues: bilingualIssues(schema, data, parsed.error) };
}
