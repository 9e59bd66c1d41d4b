/**
 * Interface strings: `{name}` placeholders, and counts in ICU's plural syntax,
 * `{count, plural, one {# program} other {# programs}}`, the form chosen by `Intl.PluralRules` for
 * the language (`#` is the number; `=0`, `=1`… pick an exact number first). English has `one` and
 * `other`; Bahasa Indonesia has only `other` ("1 program", "5 program"), so its strings need no
 * plural block. A missing param stays visible (`{name}`) rather than vanishing.
 */
export type Params = Record<string, string | number>;

const rules = new Map<string, Intl.PluralRules>();

function pluralRules(language: string): Intl.PluralRules {
  let r = rules.get(language);
  if (!r) rules.set(language, (r = new Intl.PluralRules(language)));
  return r;
}

/** The index of the `}` that closes the `{` at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

interface Plural {
  name: string;
  options: Map<string, string>;
}

/** `count, plural, one {…} other {…}` → its parts; null if `inner` is not a plural block. */
function parsePlural(inner: string): Plural | null {
  const head = /^\s*(\w+)\s*,\s*plural\s*,/.exec(inner);
  if (!head) return null;
  const options = new Map<string, string>();
  let rest = inner.slice(head[0].length);
  for (;;) {
    const key = /^\s*(=\d+|\w+)\s*\{/.exec(rest);
    if (!key) break;
    const open = key[0].length - 1;
    const end = closing(rest, open);
    if (end < 0) return null;
    options.set(key[1]!, rest.slice(open + 1, end));
    rest = rest.slice(end + 1);
  }
  return rest.trim() === '' && options.has('other') ? { name: head[1]!, options } : null;
}

export function formatMessage(language: string, template: string, params?: Params): string {
  if (!template.includes('{')) return template;
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) break;
    const end = closing(template, open);
    if (end < 0) break;
    out += template.slice(i, open);
    const inner = template.slice(open + 1, end);
    const plural = parsePlural(inner);
    if (plural && params && plural.name in params) {
      const value = params[plural.name]!;
      const n = Number(value);
      const chosen =
        plural.options.get(`=${n}`) ??
        plural.options.get(pluralRules(language).select(n)) ??
        plural.options.get('other')!;
      out += formatMessage(language, chosen.replace(/#/g, String(value)), params);
    } else if (!plural && /^\w+$/.test(inner) && params && inner in params) {
      out += String(params[inner]);
    } else {
      out += template.slice(open, end + 1);
    }
    i = end + 1;
  }
  return out + template.slice(i);
}

/** The parameter names a template uses (placeholders and plural counts), sorted, each once. */
export function placeholderNames(template: string): string[] {
  const names = new Set<string>();
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) break;
    const end = closing(template, open);
    if (end < 0) break;
    const inner = template.slice(open + 1, end);
    const plural = parsePlural(inner);
    if (plural) {
      names.add(plural.name);
      for (const option of plural.options.values())
        for (const name of placeholderNames(option)) names.add(name);
    } else if (/^\w+$/.test(inner)) names.add(inner);
    i = end + 1;
  }
  return [...names].sort();
}

/** The plural blocks' counts of a template (which params choose a form). */
export function pluralCounts(template: string): string[] {
  return [...template.matchAll(/\{\s*(\w+)\s*,\s*plural\s*,/g)].map((m) => m[1]!);
}
