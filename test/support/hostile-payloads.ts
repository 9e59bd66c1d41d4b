import { COMMAND_TYPES, type CommandType, commandEnvelopeSchema, parseCommand } from '@selaras/shared';
import fc from 'fast-check';

/**
 * fast-check arbitraries for hostile command bodies (test/fuzz.e2e.spec.ts). A body starts from a
 * command that the schemas accept and is then damaged in one or two ways: a value of the wrong type,
 * a huge string (up to past the 512 KB body limit), a `__proto__` / `constructor` / `prototype` key at
 * any level, an unknown field, deep nesting, number look-alikes ("NaN") and raw JSON number literals,
 * unicode oddities, or invalid UTF-8 bytes. Some damage happens to leave a valid command; the test
 * asks the server's own schemas which is which.
 */

export const DEMO_BOARD = 'banyuasin-2025-2029';
const PROGRAM = 'dinkes-1-02-02';
const COLUMN = 'usulan-opd';

/** Valid data per command type; a type added later without a template is fuzzed from `{}`. */
const TEMPLATES: Partial<Record<CommandType, Record<string, unknown>>> = {
  CreateBoard: {
    boardId: DEMO_BOARD,
    title: 'Papan Uji',
    nomenclatureVersion: 'kepmendagri-050-5889-2021/program-sample-1',
    columns: [{ id: 'kolom-a', title: 'Kolom A' }],
    opds: [{ id: 'dinkes', name: 'Dinas Kesehatan', short: 'Dinkes' }],
    referenceLists: [],
  },
  ProposeProgram: {
    code: '1.02.02',
    title: 'Program Uji Fuzz',
    opdId: 'dinkes',
    columnId: COLUMN,
    pagu: { '2026': 1000 },
    lokasi: ['Betung'],
    indicators: [{ id: 'ind-1', name: 'Cakupan', unit: '%', baseline: 10, targets: { '2026': 20 } }],
    sumberDana: 'APBD',
    notes: 'uji',
  },
  ReviseProgram: { programId: PROGRAM, changes: { notes: 'uji', pagu: { '2027': 5000 } } },
  MoveProgram: { programId: PROGRAM, toColumnId: 'telaah-bappeda', afterId: 'disdik-1-01-02' },
  TagProgram: { programId: PROGRAM, listId: 'asta-cita', itemId: 'ac-1' },
  UntagProgram: { programId: PROGRAM, listId: 'asta-cita', itemId: 'ac-1' },
  CommentOnProgram: { programId: PROGRAM, text: 'Komentar uji' },
  ArchiveProgram: { programId: PROGRAM, reason: 'uji' },
  UnarchiveProgram: { programId: PROGRAM },
  AddColumn: { columnId: 'kolom-uji', title: 'Kolom Uji', afterId: COLUMN },
  RenameColumn: { columnId: COLUMN, title: 'Usulan OPD' },
  MoveColumn: { columnId: COLUMN, afterId: 'telaah-bappeda' },
  AddReferenceItem: { listId: 'asta-cita', item: { id: 'ac-uji', code: 'U', short: 'Uji', label: 'Uji' } },
};

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Strings people and scripts send that have broken parsers before. */
const ODD_STRINGS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-0',
  '0x10',
  'null',
  'undefined',
  'true',
  '',
  ' ',
  '__proto__',
  'constructor',
  'toString',
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '\u202eRTL',
  '\ufeffBOM',
  'e\u0301\u0301\u0301',
  '👩🏽‍💻🇮🇩',
  '\u200b',
  '<script>alert(1)</script>',
  "'; DROP TABLE events; --",
  '../../etc/passwd',
  '${jndi:ldap://x/a}',
];

/** Fragments written into the JSON text as they are (JSON.stringify cannot make them). */
const RAW_LITERALS = ['1e999', '-1e999', '-0', '1e-400', '123456789012345678901234567890', '0.1e1'];

/** Hostile strings; `huge` bounds the occasional very long one. */
function hostileStringUpTo(huge: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ODD_STRINGS) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ maxLength: 80 }) },
    { weight: 1, arbitrary: fc.integer({ min: 2_001, max: huge }).map((n) => 'x'.repeat(n)) },
  );
}

/** Any JSON value of a hostile sort, objects included (with prototype keys as own properties). */
function hostileValueUpTo(huge: number): fc.Arbitrary<unknown> {
  const string = hostileStringUpTo(huge);
  const key = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 12 }), string);
  return fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      string,
      fc.array(tie('value'), { maxLength: 4 }),
      fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map(objectOf),
    ),
  })).value;
}

const hostileString = hostileStringUpTo(200_000);
const hostileValue = hostileValueUpTo(200_000);

/** An object with exactly these own keys, `__proto__` included (a literal would set the prototype). */
function objectOf(entries: Array<[string, unknown]>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries)
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

/** Paths to every value and every object inside a JSON value. */
function pathsIn(value: unknown, prefix: Array<string | number> = []) {
  const values: Array<Array<string | number>> = [];
  const objects: Array<Array<string | number>> = [prefix];
  const walk = (node: unknown, at: Array<string | number>) => {
    const entries: Array<[string | number, unknown]> = Array.isArray(node)
      ? node.map((v, i) => [i, v])
      : node && typeof node === 'object'
        ? Object.entries(node)
        : [];
    for (const [key, child] of entries) {
      values.push([...at, key]);
      if (child && typeof child === 'object' && !Array.isArray(child)) objects.push([...at, key]);
      walk(child, [...at, key]);
    }
  };
  walk(value, prefix);
  return { values, objects };
}

function nodeAt(root: unknown, at: Array<string | number>): Record<string | number, unknown> {
  return at.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root) as Record<
    string | number,
    unknown
  >;
}

type Damage =
  | { kind: 'wrongType' | 'huge' | 'nested' | 'raw' | 'text'; pick: number; value: unknown }
  | { kind: 'extraKey'; pick: number; key: string; value: unknown };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  // A string replaced by an odd one of sensible length: often still a valid command.
  fc.record({ kind: fc.constant('text' as const), pick: fc.nat(), value: hostileStringUpTo(3_000) }),
  fc.record({ kind: fc.constant('wrongType' as const), pick: fc.nat(), value: hostileValue }),
  fc.record({
    kind: fc.constant('huge' as const),
    pick: fc.nat(),
    // Around the 512 KB limit: below it the schema refuses, above it the body parser does (413).
    value: fc.integer({ min: 400_000, max: 700_000 }).map((n) => 'x'.repeat(n)),
  }),
  fc.record({
    kind: fc.constant('nested' as const),
    pick: fc.nat(),
    value: fc.integer({ min: 50, max: 20_000 }),
  }),
  fc.record({ kind: fc.constant('raw' as const), pick: fc.nat(), value: fc.constantFrom(...RAW_LITERALS) }),
  fc.record({
    kind: fc.constant('extraKey' as const),
    pick: fc.nat(),
    key: fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 12 })),
    value: hostileValue,
  }),
);

export interface HostileBody {
  type: string;
  /** What is sent (UTF-8 text, or bytes when invalid UTF-8 is part of the damage). */
  body: string | Buffer;
  /** What the server will read after decoding the bytes as UTF-8. */
  text: string;
  what: string;
}

/** A damaged command envelope, as text (or bytes), for one of the command types. */
export function hostileCommand(baseRevision: () => number): fc.Arbitrary<HostileBody> {
  return fc
    .record({
      type: fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...COMMAND_TYPES) },
        { weight: 1, arbitrary: hostileString },
      ),
      damages: fc.array(damage, { minLength: 0, maxLength: 2 }),
      badBytes: fc.option(
        fc.constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]),
        {
          freq: 8,
        },
      ),
    })
    .map(({ type, damages, badBytes }) => {
      const raws: string[] = [];
      const envelope: Record<string, unknown> = {
        commandId: crypto.randomUUID(),
        type,
        baseRevision: baseRevision(),
        data: structuredClone(Object.hasOwn(TEMPLATES, type) ? TEMPLATES[type as CommandType] : {}),
      };
      for (const d of damages) {
        const { values, objects } = pathsIn(envelope);
        if (d.kind === 'extraKey') {
          const at = objects[d.pick % objects.length]!;
          // defineProperty, not assignment: a `__proto__` key must stay a key of the JSON object.
          Object.defineProperty(nodeAt(envelope, at), d.key, {
            value: d.value,
            enumerable: true,
            writable: true,
          });
          continue;
        }
        const strings = values.filter((p) => typeof nodeAt(envelope, p) === 'string');
        const candidates = d.kind === 'text' && strings.length ? strings : values;
        const at = candidates[d.pick % candidates.length]!;
        const parent = nodeAt(envelope, at.slice(0, -1));
        const key = at[at.length - 1]!;
        if (d.kind === 'raw' || d.kind === 'nested') {
          const n = d.value as number;
          raws.push(d.kind === 'raw' ? String(d.value) : `${'['.repeat(n)}${']'.repeat(n)}`);
          parent[key] = `@@raw${raws.length - 1}@@`;
        } else parent[key] = d.value;
      }
      let text = JSON.stringify(envelope);
      raws.forEach((raw, i) => (text = text.replace(`"@@raw${i}@@"`, raw)));
      const what = `${type}: ${damages.map((d) => d.kind).join('+') || 'undamaged'}`;
      if (!badBytes) return { type, body: text, text, what };
      // Invalid UTF-8 inside the first string value after "data" (or anywhere, if there is none).
      const bytes = Buffer.from(text, 'utf8');
      const cut = Math.max(0, text.indexOf('"', text.indexOf('"data"') + 7) + 1);
      const at = Buffer.byteLength(text.slice(0, cut), 'utf8');
      const body = Buffer.concat([bytes.subarray(0, at), Buffer.from(badBytes), bytes.subarray(at)]);
      return { type, body, text: body.toString('utf8'), what: `${what}+invalid-utf8` };
    });
}

/** Would the server's own schemas accept this body text? (Only then may it answer 2xx.) */
export function schemaAccepts(text: string): boolean {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return false;
  }
  const envelope = commandEnvelopeSchema.safeParse(body);
  return envelope.success && parseCommand(envelope.data.type, envelope.data.data).success;
}

/** Random payloads for the login route (bodies up to a few hundred KB). */
export const hostileMessage = hostileValue;

/** Random Socket.IO payloads that stay under the 64 KB message limit (past it the socket is dropped). */
export const hostileSocketMessage = hostileValueUpTo(12_000);

/** A stack frame, a source path or an internal error name in an answer meant for a person. */
export const LEAK =
  /\n\s+at \S|\.(ts|js):\d+|node_modules|\/work\/|\/server\/(src|dist)\/|SqliteError|TypeError/;
