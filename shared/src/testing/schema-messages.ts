import type { z } from 'zod';
import { inEnglish } from '../validation';

/** A message a schema sets itself (not zod's locale), as an English reader and an Indonesian one get it. */
export interface SchemaMessage {
  where: string;
  id: string;
  en: string;
}

type Internals = { _zod: { def: Record<string, unknown> } };
type ErrorMap = (issue: unknown) => unknown;

const isSchema = (value: unknown): value is Internals =>
  typeof value === 'object' && value !== null && '_zod' in value;

const text = (value: unknown): string =>
  typeof value === 'string' ? value : ((value as { message?: string } | undefined)?.message ?? '');

/**
 * Every custom message in a zod schema and the schemas inside it (object fields, array elements,
 * optional/default/pipe/union parts, checks and refinements), in both languages. A message given as
 * a plain string comes out the same in both: `validation-messages.spec.ts` refuses those.
 */
export function schemaMessages(schema: z.ZodType, name: string): SchemaMessage[] {
  const found: SchemaMessage[] = [];
  const seen = new Set<unknown>();
  const visit = (node: unknown, where: string) => {
    if (seen.has(node)) return;
    seen.add(node);
    if (isSchema(node)) {
      const def = node._zod.def;
      const own = [
        def.error,
        ...((def.checks as Internals[] | undefined) ?? []).map((c) => c._zod.def.error),
      ];
      for (const error of own) {
        if (typeof error !== 'function') continue;
        const issue = { code: 'custom', input: undefined, path: [], message: '' };
        const message = (language: 'id' | 'en') =>
          text(language === 'en' ? inEnglish(() => (error as ErrorMap)(issue)) : (error as ErrorMap)(issue));
        found.push({ where, id: message('id'), en: message('en') });
      }
      for (const [key, value] of Object.entries(def)) if (key !== 'checks') visit(value, `${where}.${key}`);
    } else if (Array.isArray(node)) node.forEach((item, i) => visit(item, `${where}[${i}]`));
    else if (typeof node === 'object' && node !== null)
      for (const [key, value] of Object.entries(node)) visit(value, `${where}.${key}`);
  };
  visit(schema, name);
  return found;
}

/** Words that give an Indonesian sentence away. */
const INDONESIAN =
  /\b(harus|tidak|wajib|maksimal|berulang|kosong|diisi|berikan|bilangan|bulat|huruf|angka|karakter|sebagai|dengan|atau|diharapkan|terlalu|silakan|ditemukan)\b/i;

/** True when a message meant for English readers reads as Bahasa Indonesia. */
export function looksIndonesian(text: string): boolean {
  return INDONESIAN.test(text);
}

/** The messages whose English is missing: the same as the Indonesian, or still Indonesian. */
export function untranslated(messages: readonly SchemaMessage[]): SchemaMessage[] {
  return messages.filter((m) => m.en === m.id || looksIndonesian(m.en));
}
