import { z } from 'zod';

/** One field problem, said in both languages (the UI shows the one the person chose). */
export interface ValidationIssue {
  path: string;
  code: string;
  message: string;
  messageEn: string;
}

const english = z.locales.en().localeError;

/** True while `bilingualIssues` re-parses for the English messages (parses are synchronous). */
let parsingInEnglish = false;

/**
 * A schema's own message in both languages, for any zod check or refinement:
 * `.min(3, say('Judul minimal 3 karakter', 'Title: at least 3 characters'))`. zod reports the
 * Indonesian; the English parse of `bilingualIssues` gets the English. A plain string would reach
 * English readers in Indonesian: `validation-messages.spec.ts` walks every schema and refuses that.
 */
export function say(id: string, en: string): { error: () => string } {
  return { error: () => (parsingInEnglish ? en : id) };
}

/** The same for a message made during a parse (`ctx.addIssue` in a `superRefine`). */
export function sayNow(id: string, en: string): string {
  return parsingInEnglish ? en : id;
}

/** Runs `task` as the English parse does (tests read schemas' English messages with it). */
export function inEnglish<T>(task: () => T): T {
  const before = parsingInEnglish;
  parsingInEnglish = true;
  try {
    return task();
  } finally {
    parsingInEnglish = before;
  }
}

/**
 * Turns a failed parse into bilingual issues: zod's own messages are Bahasa Indonesia (the global
 * locale) and English (a second parse with the English locale, only on this failure path); a
 * schema's own messages (`say`) in both languages the same way.
 */
export function bilingualIssues(schema: z.ZodType, data: unknown, error: z.ZodError): ValidationIssue[] {
  // Inside: zod may finalise the issues' messages only when they are read.
  const en = inEnglish(() => {
    const again = schema.safeParse(data, { error: english });
    return again.success ? [] : again.error.issues.map((issue) => ({ message: issue.message }));
  });
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
