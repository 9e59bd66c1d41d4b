import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  type BoardResponse,
  COMMAND_TYPES,
  type CommandType,
  type ErrorResponse,
  type RecordedEvent,
  commandEnvelopeSchema,
  joinBoardSchema,
  leaveBoardSchema,
  mulberry32,
  parseCommand,
  presenceUpdateSchema,
  verifyChain,
} from '@selaras/shared';
import { type Socket, io } from 'socket.io-client';
import { fullNomenclature } from '../shared/src/testing/full-nomenclature.spec-helper';
import { ApiClient } from './support/api-client';
import { filesContaining } from './support/data-dir';
import { type RawRequest, type RawResponse, jsonOf, rawRequest } from './support/raw-http';
import { isRunning, launchReady } from './support/server-launch';
import { type ServerProcess, tempDataDir } from './support/server-process';

/**
 * "Bad input gets a clear error and changes nothing; no input may crash the server or produce a 500."
 * Hostile inputs come from a seeded PRNG (the same every run), and the amount is bounded: a few hundred
 * HTTP requests and about 200 socket messages. Each test collects every problem it sees with the input
 * that caused it, so one run reports them all.
 */

jest.setTimeout(60_000);

const SEED = 0x5e1a2a5;
const BOARD = 'banyuasin-2025-2029';
const PROGRAM = 'dinkes-1-02-02';
const COLUMN = 'usulan-opd';
const LIST = 'asta-cita';
// Real codes from the shipped nomenclature: the first kegiatan of 1.02.02 and its first sub-kegiatan.
const NOMENCLATURE = fullNomenclature();
const KEGIATAN = NOMENCLATURE.children!.get('1.02.02')![0]!;
const SUB_KEGIATAN = NOMENCLATURE.children!.get(KEGIATAN)![0]!;
const COMMANDS = `/api/boards/${BOARD}/commands`;
const MAX_BODY = 512 * 1024;
const SOCKET_BUFFER = 64 * 1024;

// ---- a seeded source of hostile values --------------------------------------------------------------

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** A version-4 UUID made from the PRNG, so command ids repeat from run to run. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[this.int(4)]!;
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

/** JSON number literals as sent on the wire (so -0, 1e400 and 30-digit integers reach the parser). */
const NUMBER_LITERALS = [
  '0',
  '-0',
  '-0.0',
  '1',
  '-1',
  '-2',
  '0.5',
  '1E2',
  '2026',
  '1e308',
  '-1e308',
  '1e400',
  '-1e400',
  '1e-400',
  '5e-324',
  '9007199254740993',
  '123456789012345678901234567890',
];

/**
 * Strings a person or a script might send, including names of Object.prototype members that are also
 * valid ids (`constructor`, `toString`, …), which once reached built-in properties (see the regressions
 * at the end of this file).
 */
const STRING_VALUES = [
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '',
  ' ',
  '\t\n\r',
  'NaN',
  'Infinity',
  '-Infinity',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '1e308',
  '0x10',
  '__proto__',
  'prototype',
  '__defineGetter__',
  'Program Uji 𝕊𝕖𝕝𝕒𝕣𝕒𝕤 ✓ 日本語 العربية',
  '\u202eRTL\u202c',
  '\u0000\u0007\u001b[31m',
  '\ud800',
  '\udfff\ud800',
  '👩🏽‍💻🇮🇩',
  'e\u0301\u0301\u0301',
  '<script>alert(1)</script>',
  "'; DROP TABLE events; --",
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00%2e%2e%2f',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  PROGRAM,
  BOARD,
  COLUMN,
  LIST,
  'dinkes',
  '1.02.02',
  '2026',
  'a'.repeat(64),
  'a'.repeat(65),
  '-leading-dash',
];

const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'commandId',
  'type',
  'baseRevision',
  'data',
  'programId',
  'changes',
  'text',
  'code',
  'title',
  'opdId',
  'columnId',
  'toColumnId',
  'listId',
  'itemId',
  'item',
  'pagu',
  'notes',
  'lokasi',
  'indicators',
  'boardId',
  'after',
  'openProgramId',
  '2026',
  '',
  ' ',
  'ü',
  '𝕊',
];

const CODE_POINT_RANGES: Array<[number, number]> = [
  [0x20, 0x7e],
  [0x00, 0x1f],
  [0x80, 0x7ff],
  [0xd800, 0xdfff], // lone surrogates
  [0xfff0, 0xffff],
  [0x1f300, 0x1faff],
];

function randomString(rng: Rng, maxHuge: number): string {
  if (rng.chance(0.03)) return 'x'.repeat(1 + rng.int(maxHuge));
  if (rng.chance(0.35)) {
    let s = '';
    const length = rng.int(40);
    for (let i = 0; i < length; i++) {
      const [lo, hi] = rng.pick(CODE_POINT_RANGES);
      s += String.fromCodePoint(lo + rng.int(hi - lo + 1));
    }
    return s;
  }
  return rng.pick(STRING_VALUES);
}

/** Random JSON text: nested objects and arrays, odd numbers, odd strings, prototype keys. */
function jsonText(rng: Rng, options: { depth?: number; object?: boolean; maxHuge?: number } = {}): string {
  const depth = options.depth ?? 0;
  const maxHuge = options.maxHuge ?? 100_000;
  const roll = options.object ? 3 : rng.int(depth >= 4 ? 3 : 6);
  switch (roll) {
    case 0:
      return rng.pick(['null', 'true', 'false']);
    case 1:
      return rng.pick(NUMBER_LITERALS);
    case 2:
      return JSON.stringify(randomString(rng, maxHuge));
    case 3:
    case 4: {
      const entries = Array.from({ length: rng.int(6) }, () => {
        const key = rng.chance(0.8) ? rng.pick(KEYS) : randomString(rng, 200);
        return `${JSON.stringify(key)}:${jsonText(rng, { depth: depth + 1, maxHuge })}`;
      });
      return `{${entries.join(',')}}`;
    }
    default:
      return `[${Array.from({ length: rng.int(6) }, () => jsonText(rng, { depth: depth + 1, maxHuge })).join(',')}]`;
  }
}

/** Commands whose data is valid as far as the schema goes (what happens then is the domain's business). */
const TEMPLATES: Record<CommandType, Record<string, unknown>> = {
  CreateBoard: {
    boardId: BOARD,
    title: 'Papan Uji Ketahanan',
    nomenclatureVersion: 'kepmendagri-050-5889-2021/program-sample-1',
    columns: [{ id: 'kolom-a', title: 'Kolom A' }],
    opds: [{ id: 'dinkes', name: 'Dinas Kesehatan', short: 'Dinkes' }],
    referenceLists: [],
  },
  ProposeProgram: {
    code: '1.02.02',
    title: 'Program Uji Ketahanan',
    opdId: 'dinkes',
    columnId: COLUMN,
    pagu: { '2026': 1000 },
    lokasi: ['Betung'],
    indicators: [{ id: 'ind-1', name: 'Cakupan', unit: '%', baseline: 10, targets: { '2026': 20 } }],
    sumberDana: 'APBD',
    notes: 'uji',
  },
  ReviseProgram: {
    programId: PROGRAM,
    changes: { notes: 'uji ketahanan', pagu: { '2027': 5000 }, lokasi: ['Betung'] },
  },
  MoveProgram: { programId: PROGRAM, toColumnId: 'telaah-bappeda', afterId: 'disdik-1-01-02' },
  TagProgram: { programId: PROGRAM, listId: LIST, itemId: 'ac-1' },
  UntagProgram: { programId: PROGRAM, listId: LIST, itemId: 'ac-1' },
  CommentOnProgram: { programId: PROGRAM, text: 'Komentar uji' },
  ArchiveProgram: { programId: PROGRAM, reason: 'uji' },
  UnarchiveProgram: { programId: PROGRAM },
  AddColumn: { columnId: 'kolom-uji', title: 'Kolom Uji', afterId: COLUMN },
  RenameColumn: { columnId: COLUMN, title: 'Usulan OPD' },
  SetColumnPolicy: { columnId: COLUMN, opdMoves: true },
  MoveColumn: { columnId: COLUMN, afterId: 'telaah-bappeda' },
  AddReferenceItem: { listId: LIST, item: { id: 'ac-uji', code: 'U', short: 'Uji', label: 'Butir uji' } },
  StartMeeting: { meetingId: 'rapat-uji', title: 'Rapat uji ketahanan' },
  EndMeeting: { meetingId: 'rapat-uji' },
  MarkMilestone: { milestoneId: 'tonggak-uji', title: 'Tonggak uji' },
  RevertProgram: { programId: PROGRAM, toRevision: 0, parts: ['notes'], reason: 'uji ketahanan' },
  AddKegiatan: { programId: PROGRAM, code: KEGIATAN, notes: 'uji' },
  ReviseKegiatan: { programId: PROGRAM, code: KEGIATAN, changes: { notes: 'uji ketahanan' } },
  ArchiveKegiatan: { programId: PROGRAM, code: KEGIATAN, reason: 'uji' },
  UnarchiveKegiatan: { programId: PROGRAM, code: KEGIATAN },
  AddSubKegiatan: { programId: PROGRAM, code: SUB_KEGIATAN, pagu: { '2026': 1000 }, lokasi: ['Betung'] },
  ReviseSubKegiatan: { programId: PROGRAM, code: SUB_KEGIATAN, changes: { pagu: { '2027': 5000 } } },
  ArchiveSubKegiatan: { programId: PROGRAM, code: SUB_KEGIATAN, reason: 'uji' },
  UnarchiveSubKegiatan: { programId: PROGRAM, code: SUB_KEGIATAN },
  SetOpdBidang: { opdId: 'dinkes', bidang: ['1.02'] },
  ChangeNomenclature: { version: 'kepmendagri-900.1.15.5-1317-2023' },
};

/** Every path to a value inside a JSON value (object keys and array indices). */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...paths(v, [...prefix, i])]);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
  }
  return [];
}

/** A value of another JSON type than `value`. */
function wrongTypeFor(rng: Rng, value: unknown): unknown {
  if (typeof value === 'string') return rng.pick([42, -0.5, true, {}, [], null, [value]]);
  if (typeof value === 'number') return rng.pick([String(value), true, {}, [], null, [value]]);
  if (typeof value === 'boolean') return rng.pick(['true', 1, null]);
  if (Array.isArray(value)) return rng.pick([{}, 'x', 1, null, { 0: value[0] }]);
  return rng.pick([[], 'x', 1, null, true]);
}

function withValueAt(value: unknown, at: Array<string | number>, replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[at[at.length - 1]!] = replacement;
  return copy;
}

// ---- what every answer must look like ---------------------------------------------------------------

function short(body: string | Buffer | undefined): string {
  if (body === undefined) return '(no body)';
  const text = typeof body === 'string' ? body : body.toString('latin1');
  return text.length > 160
    ? `${JSON.stringify(text.slice(0, 160))}… (${text.length} chars)`
    : JSON.stringify(text);
}

/** A problem with an answer that should be a clear refusal, or undefined when it is one. */
function refusalProblem(res: RawResponse, options: { bodyless?: boolean } = {}): string | undefined {
  if (res.status < 400 || res.status >= 500) return `answered ${res.status}: ${short(res.text)}`;
  if (options.bodyless) return undefined;
  const body = jsonOf(res) as Partial<ErrorResponse> | undefined;
  if (!body || typeof body !== 'object')
    return `answered ${res.status} without a JSON body: ${short(res.text)}`;
  if (typeof body.error !== 'string' || body.error === '')
    return `answered ${res.status} without an error code`;
  if (typeof body.message !== 'string' || body.message.trim() === '') {
    return `answered ${res.status} without a message: ${short(res.text)}`;
  }
  return undefined;
}

/** Would the server's own schemas accept this command body? (Only then may it answer 200.) */
function schemaAccepts(bodyText: string): boolean {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return false;
  }
  const envelope = commandEnvelopeSchema.safeParse(body);
  return envelope.success && parseCommand(envelope.data.type, envelope.data.data).success;
}

/** FNV-1a, to derive a seed from a test's name. */
function stringHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Every UTF-8 byte as %XX (lone surrogates become U+FFFD, which encodeURIComponent would refuse). */
function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

function roundTrip(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

function signHs256(claims: unknown, secret: string, header: object = { alg: 'HS256', typ: 'JWT' }): string {
  const b64 = (v: unknown) =>
    Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
  const unsigned = `${b64(header)}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

// ---- the tests ------------------------------------------------------------------------------------

describe('robustness: bad input gets a clear error and changes nothing', () => {
  /** Seeded per test from its name, so `-t <name>` replays exactly the inputs of a full run. */
  let rng: Rng;
  let data: ReturnType<typeof tempDataDir>;
  let server: ServerProcess;
  let sekretariat: ApiClient;
  let auth: Record<string, string>;
  /** The board as it must be: moves only when a command is accepted. */
  let expected: { revision: number; headHash: string };
  let httpRequests = 0;
  let socketMessages = 0;
  const sockets: Socket[] = [];

  const send = (request: RawRequest): Promise<RawResponse> => {
    httpRequests++;
    return rawRequest(server.url, request);
  };

  async function head(): Promise<{ revision: number; headHash: string }> {
    const res = await send({ path: `/api/boards/${BOARD}`, headers: auth });
    if (res.status !== 200) throw new Error(`GET board → ${res.status} ${short(res.text)}`);
    const body = JSON.parse(res.text) as BoardResponse;
    return { revision: body.revision, headHash: body.headHash };
  }

  /**
   * Sends one command body. A refusal must be a clear 4xx and leave the board exactly as it was; a 200
   * is only allowed for a body the schemas accept. Returns the problem, if any.
   */
  async function command(
    what: string,
    body: string | Buffer,
    headers: Record<string, string> = { ...auth, 'content-type': 'application/json' },
  ): Promise<{ problem?: string; res: RawResponse }> {
    const res = await send({ method: 'POST', path: COMMANDS, headers, body });
    const after = await head();
    if (res.status === 200) {
      expected = after;
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (!schemaAccepts(text))
        return { res, problem: `${what}: accepted a body the schema refuses: ${short(body)}` };
      return { res };
    }
    const problem = refusalProblem(res);
    const moved =
      after.revision !== expected.revision || after.headHash !== expected.headHash
        ? `the board moved from revision ${expected.revision} to ${after.revision}`
        : undefined;
    expected = after;
    if (problem || moved)
      return { res, problem: `${what}: ${[problem, moved].filter(Boolean).join('; ')}: ${short(body)}` };
    return { res };
  }

  function envelope(type: string, dataText: string | undefined): string {
    const fields = [
      `"commandId":${JSON.stringify(rng.uuid())}`,
      `"type":${JSON.stringify(type)}`,
      `"baseRevision":${expected.revision}`,
      ...(dataText === undefined ? [] : [`"data":${dataText}`]),
    ];
    return `{${fields.join(',')}}`;
  }

  beforeAll(async () => {
    data = tempDataDir();
    // Hundreds of commands from one user as fast as they are answered: above the default rate.
    ({ server } = await launchReady(data.dir, { SELARAS_COMMAND_RATE: '100000' }));
    sekretariat = await ApiClient.login(server.url, 'sekretariat');
    auth = { authorization: `Bearer ${sekretariat.token}` };
    expected = await head();
  });

  beforeEach(() => {
    rng = new Rng(SEED ^ stringHash(expect.getState().currentTestName ?? ''));
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server?.stop();
    data?.cleanup();
  });

  describe('HTTP', () => {
    it('random JSON bodies to the command and login routes', async () => {
      const problems: string[] = [];
      for (let i = 0; i < 20; i++) {
        const body = jsonText(rng, { object: rng.chance(0.5) });
        if (rng.chance(0.7)) {
          const { problem } = await command(`random body #${i}`, body);
          if (problem) problems.push(problem);
        } else {
          const res = await send({
            method: 'POST',
            path: '/api/auth/login',
            headers: { 'content-type': 'application/json' },
            body,
          });
          const problem = refusalProblem(res);
          if (problem) problems.push(`login with random body #${i}: ${problem}: ${short(body)}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('envelopes with a valid commandId and type but random data', async () => {
      const problems: string[] = [];
      for (let i = 0; i < 25; i++) {
        const type = rng.pick(COMMAND_TYPES);
        const { problem } = await command(`${type} with random data #${i}`, envelope(type, jsonText(rng)));
        if (problem) problems.push(problem);
      }
      expect(problems).toEqual([]);
    });

    it('valid shapes with one field of the wrong type, for every command type', async () => {
      const problems: string[] = [];
      for (const type of COMMAND_TYPES) {
        const template = TEMPLATES[type];
        const candidates = paths(template);
        for (let i = 0; i < 2; i++) {
          const at = rng.pick(candidates);
          const value = at.reduce<unknown>(
            (node, key) => (node as Record<string | number, unknown>)[key],
            template,
          );
          const mutated = withValueAt(template, at, wrongTypeFor(rng, value));
          const { problem } = await command(
            `${type} with ${at.join('.')} of the wrong type`,
            envelope(type, JSON.stringify(mutated)),
          );
          if (problem) problems.push(problem);
        }
      }
      // The envelope's own fields with wrong types (the data is a valid comment).
      const comment = JSON.stringify(TEMPLATES.CommentOnProgram);
      for (const [what, body] of [
        [
          'numeric commandId',
          `{"commandId":12345,"type":"CommentOnProgram","baseRevision":0,"data":${comment}}`,
        ],
        [
          'non-UUID commandId',
          `{"commandId":"abc","type":"CommentOnProgram","baseRevision":0,"data":${comment}}`,
        ],
        [
          'array type',
          `{"commandId":"${rng.uuid()}","type":["CommentOnProgram"],"baseRevision":0,"data":${comment}}`,
        ],
        [
          'lower-case type',
          `{"commandId":"${rng.uuid()}","type":"commentonprogram","baseRevision":0,"data":${comment}}`,
        ],
        [
          'string baseRevision',
          `{"commandId":"${rng.uuid()}","type":"CommentOnProgram","baseRevision":"0","data":${comment}}`,
        ],
        [
          'fractional baseRevision',
          `{"commandId":"${rng.uuid()}","type":"CommentOnProgram","baseRevision":0.5,"data":${comment}}`,
        ],
        [
          'baseRevision -2',
          `{"commandId":"${rng.uuid()}","type":"CommentOnProgram","baseRevision":-2,"data":${comment}}`,
        ],
        [
          'baseRevision 1e308',
          `{"commandId":"${rng.uuid()}","type":"CommentOnProgram","baseRevision":1e308,"data":${comment}}`,
        ],
        [
          'baseRevision 1e400',
          `{"commandId":"${rng.uuid()}","type":"CommentOnProgram","baseRevision":1e400,"data":${comment}}`,
        ],
        [
          'baseRevision -0 and an extra field',
          `{"commandId":"${rng.uuid()}","type":"CommentOnProgram","baseRevision":-0,"data":${comment},"x":1}`,
        ],
      ] as const) {
        const { problem } = await command(what, body);
        if (problem) problems.push(problem);
      }
      expect(problems).toEqual([]);
    });

    it('valid shapes with hostile strings reach the domain, which refuses them cleanly', async () => {
      // Random data almost never gets past the strict schemas; these keep every field's type, so ids,
      // titles and texts that are odd but well-typed reach the rules behind the schemas.
      const problems: string[] = [];
      for (const type of COMMAND_TYPES) {
        const template = TEMPLATES[type];
        const strings = paths(template).filter(
          (at) =>
            typeof at.reduce<unknown>(
              (node, key) => (node as Record<string | number, unknown>)[key],
              template,
            ) === 'string',
        );
        for (let i = 0; i < 2; i++) {
          const at = rng.pick(strings);
          const mutated = withValueAt(template, at, randomString(rng, 3000));
          const { problem } = await command(
            `${type} with a hostile ${at.join('.')}`,
            envelope(type, JSON.stringify(mutated)),
          );
          if (problem) problems.push(problem);
        }
      }
      // Some of these may be legitimate (a comment "NaN" is a comment): undo an archive so the tests
      // after this one find the program active.
      const board = JSON.parse(
        (await send({ path: `/api/boards/${BOARD}`, headers: auth })).text,
      ) as BoardResponse;
      if (board.board.programs[PROGRAM]?.archived) {
        await command(
          'restore the program',
          envelope('UnarchiveProgram', JSON.stringify({ programId: PROGRAM })),
        );
      }
      expect(problems).toEqual([]);
    });

    it('every command type with empty or missing data is ValidationFailed', async () => {
      const problems: string[] = [];
      for (const type of COMMAND_TYPES) {
        for (const dataText of ['{}', undefined]) {
          const what = `${type} with data ${dataText ?? '(missing)'}`;
          const { problem, res } = await command(what, envelope(type, dataText));
          if (problem) problems.push(problem);
          else if ((jsonOf(res) as ErrorResponse).error !== 'ValidationFailed') {
            problems.push(`${what}: error ${(jsonOf(res) as ErrorResponse).error}, not ValidationFailed`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('wrong content types, charsets and bytes', async () => {
      const problems: string[] = [];
      const valid = () =>
        envelope('CommentOnProgram', JSON.stringify({ programId: PROGRAM, text: 'tidak boleh tersimpan' }));
      const cases: Array<[string, Record<string, string>, string | Buffer]> = [
        ['text/plain', { 'content-type': 'text/plain' }, valid()],
        [
          'form-urlencoded',
          { 'content-type': 'application/x-www-form-urlencoded' },
          `commandId=${rng.uuid()}&type=CommentOnProgram&baseRevision=0&data[programId]=${PROGRAM}&data[text]=x`,
        ],
        [
          'multipart',
          { 'content-type': 'multipart/form-data; boundary=xyz' },
          `--xyz\r\nContent-Disposition: form-data; name="type"\r\n\r\nCommentOnProgram\r\n--xyz--\r\n`,
        ],
        ['no content type', {}, valid()],
        ['application/xml', { 'content-type': 'application/xml' }, `<command type="CommentOnProgram"/>`],
        ['a vendor JSON type', { 'content-type': 'application/vnd.api+json' }, valid()],
        ['charset=latin1', { 'content-type': 'application/json; charset=latin1' }, valid()],
        ['charset=utf-16', { 'content-type': 'application/json; charset=utf-16' }, valid()],
        ['a garbage content type', { 'content-type': ';;;===' }, valid()],
        [
          'an unknown content-encoding',
          { 'content-type': 'application/json', 'content-encoding': 'x-unknown' },
          valid(),
        ],
        ['truncated JSON', { 'content-type': 'application/json' }, valid().slice(0, 40)],
        ['an empty JSON body', { 'content-type': 'application/json' }, ''],
        ['a JSON string body', { 'content-type': 'application/json' }, '"CommentOnProgram"'],
        ['JSON with a BOM', { 'content-type': 'application/json' }, `\ufeff{"commandId":1}`],
        ['JSON with comments', { 'content-type': 'application/json' }, `{/* x */"commandId":1}`],
        [
          'invalid UTF-8 between tokens',
          { 'content-type': 'application/json' },
          Buffer.concat([Buffer.from('{"commandId":'), Buffer.from([0xff, 0xfe]), Buffer.from('1}')]),
        ],
        [
          'invalid UTF-8 in the commandId',
          { 'content-type': 'application/json' },
          Buffer.concat([
            Buffer.from('{"commandId":"'),
            Buffer.from([0xc3, 0x28, 0xa0, 0xa1]),
            Buffer.from('","type":"CommentOnProgram","baseRevision":0,"data":{}}'),
          ]),
        ],
        [
          'an overlong UTF-8 "/" in the type',
          { 'content-type': 'application/json' },
          Buffer.concat([
            Buffer.from(`{"commandId":"${rng.uuid()}","type":"Comment`),
            Buffer.from([0xc0, 0xaf]),
            Buffer.from('OnProgram","baseRevision":0,"data":{}}'),
          ]),
        ],
        [
          'UTF-16 bytes sent as UTF-8',
          { 'content-type': 'application/json' },
          Buffer.from(valid(), 'utf16le'),
        ],
        [
          '200,000 nested arrays',
          { 'content-type': 'application/json' },
          `${'['.repeat(200_000)}${']'.repeat(200_000)}`,
        ],
        [
          'nested objects as data',
          { 'content-type': 'application/json' },
          envelope('ReviseProgram', `${'{"changes":'.repeat(20_000)}1${'}'.repeat(20_000)}`),
        ],
      ];
      for (const [what, headers, body] of cases) {
        const { problem } = await command(what, body, { ...auth, ...headers });
        if (problem) problems.push(problem);
      }
      // Invalid UTF-8 inside a string: a server may refuse it or store U+FFFD, but never a 500.
      const lossy = Buffer.concat([
        Buffer.from(
          `{"commandId":"${rng.uuid()}","type":"CommentOnProgram","baseRevision":${expected.revision},"data":{"programId":"${PROGRAM}","text":"rusak `,
        ),
        Buffer.from([0xe2, 0x28, 0xa1, 0xff]),
        Buffer.from('"}}'),
      ]);
      const { problem } = await command('invalid UTF-8 inside a comment', lossy);
      if (problem) problems.push(problem);
      expect(problems).toEqual([]);
    });

    it('a body above 512 KB is 413 and changes nothing; one just below is read', async () => {
      const problems: string[] = [];
      const text = (n: number) =>
        envelope('CommentOnProgram', JSON.stringify({ programId: PROGRAM, text: 'x'.repeat(n) }));
      const big = text(MAX_BODY + 10_000);
      const withLength = await command('a 522 KB body', big);
      if (withLength.problem) problems.push(withLength.problem);
      expect(withLength.res.status).toBe(413);
      expect((jsonOf(withLength.res) as ErrorResponse).error).toBe('PayloadTooLarge');
      // Chunked: no content-length, so the limit is found while reading.
      const chunked = await new Promise<RawResponse>((resolve, reject) => {
        httpRequests++;
        const { hostname, port } = new URL(server.url);
        const req = http.request(
          {
            host: hostname,
            port,
            method: 'POST',
            path: COMMANDS,
            agent: false,
            headers: { ...auth, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
          },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: body }));
          },
        );
        req.on('error', (error) => reject(new Error(`chunked upload: connection failed: ${error.message}`)));
        for (let i = 0; i < big.length; i += 64 * 1024) req.write(big.slice(i, i + 64 * 1024));
        req.end();
      });
      const chunkedProblem = refusalProblem(chunked);
      if (chunkedProblem) problems.push(`a chunked 522 KB body: ${chunkedProblem}`);
      expect(chunked.status).toBe(413);
      const after = await head();
      if (after.revision !== expected.revision)
        problems.push(`a chunked 522 KB body moved the board to ${after.revision}`);
      // Just under the limit: read and refused for what it says (a comment of 500,000 characters).
      const under = await command('a 500 KB body', text(500_000));
      if (under.problem) problems.push(under.problem);
      expect(under.res.status).toBe(400);
      expect((jsonOf(under.res) as ErrorResponse).error).toBe('ValidationFailed');
      expect(problems).toEqual([]);
    });

    it('hostile query strings on the events route', async () => {
      const problems: string[] = [];
      const mustRefuse = [
        'after[]=1&after[]=2',
        'after=1&after=2',
        'after[a]=1',
        'limit=1e400',
        'after=1e400',
        'limit=1e308',
        'limit=NaN',
        'after=Infinity',
        'after=-Infinity',
        'after=1.5',
        'after=-2',
        'limit=0',
        'limit=-0',
        'limit=1001',
        'after=%00',
        'after=%ff',
        'after=%',
        '__proto__[after]=1',
        'constructor[prototype][x]=1',
        'toString=1',
        `after=${'9'.repeat(5000)}`,
        `${'k'.repeat(5000)}=1`,
        Array.from({ length: 500 }, (_, i) => `p${i}=${i}`).join('&'),
      ];
      for (const query of mustRefuse) {
        const res = await send({ path: `/api/boards/${BOARD}/events?${query}`, headers: auth });
        const problem = refusalProblem(res);
        if (problem) problems.push(`events?${query.slice(0, 80)}: ${problem}`);
      }
      // Random ones: a page of events or a clear 400, never anything else.
      const parts = ['after', 'limit', 'after[]', 'limit[x]', '__proto__', 'constructor', '', '&', '='];
      for (let i = 0; i < 20; i++) {
        const query = Array.from({ length: 1 + rng.int(3) }, () => {
          const value = rng.chance(0.5) ? rng.pick(NUMBER_LITERALS) : randomString(rng, 500);
          return `${percentEncode(rng.pick(parts))}=${percentEncode(value)}`;
        }).join('&');
        const res = await send({ path: `/api/boards/${BOARD}/events?${query}`, headers: auth });
        if (res.status === 200) {
          const body = jsonOf(res) as { revision?: unknown; events?: unknown };
          if (typeof body?.revision !== 'number' || !Array.isArray(body.events)) {
            problems.push(`events?${query.slice(0, 80)}: 200 without {revision, events}`);
          }
        } else {
          const problem = refusalProblem(res);
          if (problem) problems.push(`events?${query.slice(0, 80)}: ${problem}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('long ids, odd encodings and path traversal in the URL', async () => {
      const problems: string[] = [];
      const long = 'a'.repeat(8000);
      const routes: Array<[string, string]> = [
        ['GET', `/api/boards/${long}`],
        ['GET', `/api/boards/${long}/events?after=-1`],
        ['POST', `/api/boards/${long}/commands`],
        ['GET', `/api/boards/${'%F0%9F%98%80'.repeat(600)}`],
        ['GET', '/api/boards/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
        ['GET', '/api/boards/..%2f..%2f..%2fetc%2fpasswd/events'],
        ['GET', '/api/boards/../../../../etc/passwd'],
        ['GET', '/api/../../../../etc/passwd'],
        ['GET', `/api/boards/${BOARD}/../../../etc/passwd`],
        ['GET', '/api/boards/..\\..\\..\\windows\\win.ini'],
        ['GET', '/api/boards/%ff'],
        ['GET', '/api/boards/%E0%A4%A'],
        ['GET', '/api/boards/%'],
        ['GET', '/api/boards/a%00b'],
        ['GET', '/api/boards/%c0%ae%c0%ae%2fetc%2fpasswd'],
        ['GET', '/api/boards/__proto__'],
        ['GET', '/api/boards/__proto__/events'],
        ['POST', '/api/boards/__proto__/commands'],
        ['GET', '/api/boards/constructor'],
        ['GET', '/api/boards/constructor/events'],
        ['POST', '/api/boards/hasOwnProperty/commands'],
        ['GET', `/api/boards/${BOARD}%2fevents`],
        ['GET', `/api/boards/${BOARD}/events/../../../health/x`],
        ['GET', '/api/boards//events'],
        ['GET', '/api//boards'],
        ['GET', '/api/nothing/here'],
      ];
      for (const [method, route] of routes) {
        const body =
          method === 'POST'
            ? envelope('CommentOnProgram', JSON.stringify(TEMPLATES.CommentOnProgram))
            : undefined;
        const res = await send({
          method,
          path: route,
          headers: { ...auth, 'content-type': 'application/json' },
          body,
        });
        const problem = refusalProblem(res);
        if (problem) problems.push(`${method} ${route.slice(0, 80)}: ${problem}`);
        if (res.text.includes('root:') || res.text.includes('[fonts]'))
          problems.push(`${method} ${route}: served a system file`);
      }
      // Outside /api the built client may be served (200), but never a system file and never a 5xx.
      for (const route of [
        '/../../../../etc/passwd',
        '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
        '//etc/passwd',
        '/..%5c..%5cwindows%5cwin.ini',
      ]) {
        const res = await send({ path: route });
        if (res.status >= 500) problems.push(`GET ${route}: ${res.status}`);
        if (res.text.includes('root:') || res.text.includes('[fonts]'))
          problems.push(`GET ${route}: served a system file`);
      }
      expect(await head()).toEqual(expected);
      expect(problems).toEqual([]);
    });

    it('any HTTP method on any route', async () => {
      const problems: string[] = [];
      const getRoutes = ['/api/health', '/api/boards', `/api/boards/${BOARD}`, `/api/boards/${BOARD}/events`];
      const postRoutes = ['/api/auth/login', COMMANDS];
      const allRoutes = [...getRoutes, ...postRoutes, '/api/nothing', `/api/boards/${BOARD}/events/1`];
      const methods = http.METHODS.filter((m) => m !== 'CONNECT');
      const pairs: Array<[string, string]> = methods.map((m) => [m, rng.pick(allRoutes)]);
      for (const m of ['DELETE', 'PUT', 'PATCH'])
        for (const r of [...postRoutes, `/api/boards/${BOARD}`]) pairs.push([m, r]);
      for (const [method, route] of pairs) {
        const legit =
          ((method === 'GET' || method === 'HEAD') && getRoutes.includes(route)) ||
          (method === 'POST' && postRoutes.includes(route));
        const body =
          method === 'GET' || method === 'HEAD' ? undefined : jsonText(rng, { object: true, maxHuge: 1000 });
        const res = await send({
          method,
          path: route,
          headers: { ...auth, 'content-type': 'application/json' },
          body,
        });
        if (legit && method !== 'POST') {
          if (res.status !== 200) problems.push(`${method} ${route}: ${res.status}`);
          continue;
        }
        const problem = refusalProblem(res, { bodyless: method === 'HEAD' });
        if (problem) problems.push(`${method} ${route}: ${problem}`);
      }
      expect(await head()).toEqual(expected);
      expect(problems).toEqual([]);
    });

    it('hostile or forged tokens are 401 with a message, never a 500', async () => {
      const problems: string[] = [];
      const secret = readFileSync(path.join(data.dir, 'token-secret'), 'utf8').trim();
      const now = Math.floor(Date.now() / 1000);
      const legit = {
        sub: sekretariat.user.id,
        username: 'sekretariat',
        name: sekretariat.user.name,
        role: 'sekretariat',
        opdId: null,
        // Every session has an id (for logout) and the account's session epoch (demo accounts: 0).
        sid: '5f1c6a4e-2b0d-4c49-9d2e-1a3b4c5d6e7f',
        ver: 0,
        iss: 'selaras',
        iat: now,
        exp: now + 600,
      };
      // The forging works: a token signed like the server's is accepted…
      const control = await send({
        path: '/api/boards',
        headers: { authorization: `Bearer ${signHs256(legit, secret)}` },
      });
      expect(control.status).toBe(200);
      // …so every refusal below is about the token's content, not the signature helper.
      const [header, payload] = sekretariat.token.split('.');
      const headers: Array<[string, string | undefined]> = [
        ['no header', undefined],
        ['"Bearer"', 'Bearer'],
        ['"Bearer " and spaces', 'Bearer    '],
        ['Basic auth', 'Basic c2VrcmV0YXJpYXQ6c2VsYXJhcw=='],
        ['x.y.z', 'Bearer x.y.z'],
        ['two tokens', `Bearer ${sekretariat.token} ${sekretariat.token}`],
        ['a 12 KB token', `Bearer ${'A'.repeat(12_000)}`],
        ['alg none', `Bearer ${header}.${payload}.`],
        [
          'alg none, re-headed',
          `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`,
        ],
        [
          'a flipped signature',
          `Bearer ${sekretariat.token.slice(0, -2)}${sekretariat.token.endsWith('AA') ? 'BB' : 'AA'}`,
        ],
        ['HS512 with the right secret', `Bearer ${signHs256(legit, secret, { alg: 'HS512', typ: 'JWT' })}`],
        ['the wrong secret', `Bearer ${signHs256(legit, 'not-the-secret')}`],
        ['expired', `Bearer ${signHs256({ ...legit, exp: now - 10 }, secret)}`],
        ['another issuer', `Bearer ${signHs256({ ...legit, iss: 'evil' }, secret)}`],
        ['empty claims', `Bearer ${signHs256({}, secret)}`],
        ['a string payload', `Bearer ${signHs256('"sekretariat"', secret)}`],
        ['a non-JSON payload', `Bearer ${signHs256('not json', secret)}`],
        ['an array payload', `Bearer ${signHs256([legit], secret)}`],
        ['an unknown user', `Bearer ${signHs256({ ...legit, username: 'root', sub: 'root' }, secret)}`],
        ['the wrong sub', `Bearer ${signHs256({ ...legit, sub: 'u-lain' }, secret)}`],
        ['username "constructor"', `Bearer ${signHs256({ ...legit, username: 'constructor' }, secret)}`],
        ['username "__proto__"', `Bearer ${signHs256({ ...legit, username: '__proto__' }, secret)}`],
        [
          'an object username',
          `Bearer ${signHs256({ ...legit, username: { toString: 'sekretariat' } }, secret)}`,
        ],
        ['a numeric exp string', `Bearer ${signHs256({ ...legit, exp: 'never' }, secret)}`],
      ];
      for (const [i, [what, value]] of headers.entries()) {
        // Every token on a read; every third one on a write as well (the board must not move).
        const routes: Array<[string, string, string | undefined]> = [['GET', '/api/boards', undefined]];
        if (i % 3 === 0) {
          routes.push([
            'POST',
            COMMANDS,
            envelope('CommentOnProgram', JSON.stringify(TEMPLATES.CommentOnProgram)),
          ]);
        }
        for (const [method, route, body] of routes) {
          const res = await send({
            method,
            path: route,
            headers: {
              'content-type': 'application/json',
              ...(value === undefined ? {} : { authorization: value }),
            },
            body,
          });
          const problem =
            refusalProblem(res) ?? (res.status === 401 ? undefined : `answered ${res.status}, not 401`);
          if (problem) problems.push(`${what} on ${method} ${route}: ${problem}`);
        }
      }
      expect(await head()).toEqual(expected);
      expect(problems).toEqual([]);
    });

    it('a __proto__ or constructor key in a body pollutes nothing', async () => {
      const before = JSON.parse(
        (await send({ path: `/api/boards/${BOARD}`, headers: auth })).text,
      ) as BoardResponse;
      const problems: string[] = [];
      const pwnedProgram = { ...before.board.programs[PROGRAM], id: 'pwned', archived: false };
      const payloads = [
        `{"__proto__":{"pwned":${JSON.stringify(pwnedProgram)},"dinkes-x":{"id":"dinkes-x"}}, "programId":"${PROGRAM}","text":"x"}`,
        `{"programId":"${PROGRAM}","changes":{"notes":"x","__proto__":{"archived":true,"pwned":${JSON.stringify(pwnedProgram)}}}}`,
        `{"programId":"${PROGRAM}","changes":{"pagu":{"__proto__":{"2026":1,"pwned":{"id":"pwned"}}}}}`,
        `{"programId":"${PROGRAM}","changes":{"constructor":{"prototype":{"pwned":{"id":"pwned"},"archived":true}}}}`,
        `{"programId":"${PROGRAM}","changes":{"indicators":[{"id":"i","name":"n","unit":"u","baseline":1,"targets":{"__proto__":{"pwned":1}}}]}}`,
        `{"code":"1.02.02","title":"Program Polusi","opdId":"dinkes","__proto__":{"opdId":"pwned","pwned":{"id":"pwned","name":"x","short":"x"}}}`,
      ];
      const types: CommandType[] = [
        'CommentOnProgram',
        'ReviseProgram',
        'ReviseProgram',
        'ReviseProgram',
        'ReviseProgram',
        'ProposeProgram',
      ];
      for (const [i, dataText] of payloads.entries()) {
        const { problem, res } = await command(`pollution #${i}`, envelope(types[i]!, dataText));
        if (problem) problems.push(problem);
        if (res.status === 200) problems.push(`pollution #${i} was accepted`);
      }
      // The envelope itself, and the login body.
      const top = await command(
        'pollution in the envelope',
        `{"__proto__":{"type":"CreateBoard","pwned":{"id":"pwned"}},"constructor":{"prototype":{"pwned":1}},"commandId":"${rng.uuid()}","type":"CommentOnProgram","baseRevision":${expected.revision},"data":{"programId":"${PROGRAM}","text":"x"}}`,
      );
      if (top.problem) problems.push(top.problem);
      const login = await send({
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        body: '{"username":"pwned","password":"x","__proto__":{"username":"sekretariat","passwordHash":"x"}}',
      });
      if (login.status !== 400 && login.status !== 401)
        problems.push(`login with __proto__: ${login.status}`);
      expect(problems).toEqual([]);

      // Nothing inherited a "pwned" program, OPD or flag: the server still says they do not exist.
      const lookups: Array<[CommandType, object, string]> = [
        ['CommentOnProgram', { programId: 'pwned', text: 'ada?' }, 'ProgramNotFound'],
        ['ArchiveProgram', { programId: 'pwned' }, 'ProgramNotFound'],
        ['ProposeProgram', { code: '1.02.02', title: 'Program Polusi', opdId: 'pwned' }, 'UnknownOpd'],
        ['TagProgram', { programId: PROGRAM, listId: 'pwned', itemId: 'x' }, 'UnknownReferenceList'],
      ];
      for (const [type, payload, code] of lookups) {
        const { problem, res } = await command(`${type} on "pwned"`, envelope(type, JSON.stringify(payload)));
        expect(problem).toBeUndefined();
        expect(jsonOf(res)).toMatchObject({ error: code });
      }
      // The board reads as before, and a normal command still behaves normally.
      const after = JSON.parse(
        (await send({ path: `/api/boards/${BOARD}`, headers: auth })).text,
      ) as BoardResponse;
      expect(after).toEqual(before);
      expect(JSON.stringify(after)).not.toContain('pwned');
      const ok = await sekretariat.command(
        BOARD,
        'ReviseProgram',
        { programId: PROGRAM, changes: { notes: 'Catatan setelah uji polusi' } },
        after.revision,
      );
      expect(ok.status).toBe(200);
      httpRequests++;
      const program = (await sekretariat.get<BoardResponse>(`/api/boards/${BOARD}`)).body.board.programs[
        PROGRAM
      ]!;
      httpRequests++;
      expect(program).toMatchObject({ notes: 'Catatan setelah uji polusi', archived: false });
      expect(Object.keys(program).sort()).toEqual(Object.keys(before.board.programs[PROGRAM]!).sort());
      expected = await head();
    });

    it('valid but unusual text is stored exactly and the hash chain still verifies', async () => {
      const texts = [
        'Emoji 👩🏽‍💻🇮🇩 dan aksara 𝕊𝕖𝕝𝕒𝕣𝕒𝕤',
        'RTL \u202eebircsed\u202c dan nol \u0000 di tengah',
        'Kombinasi e\u0301\u0301\u0301 \u200b\ufeff',
        "<script>alert(1)</script> '; DROP TABLE events; --",
        'x'.repeat(2000),
      ];
      const first = expected.revision + 1;
      for (const text of texts) {
        const res = await sekretariat.command(
          BOARD,
          'CommentOnProgram',
          { programId: PROGRAM, text },
          expected.revision,
        );
        httpRequests++;
        expect(res.status).toBe(200);
        expected = await head();
      }
      const page = await sekretariat.get<{ events: RecordedEvent[] }>(
        `/api/boards/${BOARD}/events?after=${first - 1}`,
      );
      const all = await sekretariat.get<{ events: RecordedEvent[] }>(
        `/api/boards/${BOARD}/events?after=-1&limit=1000`,
      );
      httpRequests += 2;
      expect(page.body.events.map((e) => (e.data as { text: string }).text)).toEqual(
        texts.map((t) => t.trim()),
      );
      expect(verifyChain(all.body.events)).toMatchObject({ ok: true, headHash: expected.headHash });
    });
  });

  describe('Socket.IO', () => {
    const open = async (client: ApiClient): Promise<Socket> => {
      const socket = client.socket() as unknown as Socket;
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return socket;
    };

    /** A hostile payload for one of the server's events, built from random JSON and near misses. */
    function payloadFor(event: string): unknown {
      const random = () => JSON.parse(jsonText(rng, { maxHuge: 16_000 })) as unknown;
      switch (rng.int(event === 'board:join' ? 6 : 4)) {
        case 0:
          return random();
        case 1:
          return Buffer.from(randomString(rng, 2000));
        case 2:
          return {
            boardId: rng.chance(0.5) ? BOARD : randomString(rng, 2000),
            openProgramId: random(),
            after: random(),
          };
        case 3:
          return { boardId: random(), [rng.pick(KEYS)]: random() };
        case 4:
          return {
            boardId: BOARD,
            after: rng.pick([1e308, 0.5, -2, '0', null, 1e9, Number.MAX_SAFE_INTEGER + 2, [], {}]),
          };
        default:
          return { boardId: BOARD, after: -1, [rng.pick(KEYS)]: random() };
      }
    }

    const schemas: Record<string, { safeParse(v: unknown): { success: boolean } }> = {
      'board:join': joinBoardSchema,
      'board:leave': leaveBoardSchema,
      'presence:update': presenceUpdateSchema,
    };
    const UNKNOWN_EVENTS = [
      'board:delete',
      'board:events',
      'board:presence',
      'board:error',
      'constructor',
      'toString',
      '__proto__',
      'hasOwnProperty',
      'presence:update ',
      'BOARD:JOIN',
      '',
      'x'.repeat(5000),
    ];

    it('random payloads to every event, with and without acks, leave the socket connected', async () => {
      const [a, b] = await Promise.all([
        open(sekretariat),
        open(await ApiClient.login(server.url, 'dinkes')),
      ]);
      const problems: string[] = [];
      for (const socket of [a, b])
        socket.on('disconnect', (reason) => problems.push(`a socket was disconnected: ${reason}`));
      for (let i = 0; i < 180; i++) {
        const socket = rng.chance(0.5) ? a : b;
        const known = rng.chance(0.85);
        const event = known ? rng.pick(Object.keys(schemas)) : rng.pick(UNKNOWN_EVENTS);
        const payload = payloadFor(event);
        socketMessages++;
        if (known && rng.chance(0.6)) {
          let answer: unknown;
          try {
            answer = await socket.timeout(3000).emitWithAck(event, payload);
          } catch {
            problems.push(`${event} #${i}: no ack in 3 s for ${short(JSON.stringify(payload))}`);
            continue;
          }
          const valid = !Buffer.isBuffer(payload) && schemas[event]!.safeParse(roundTrip(payload)).success;
          if (valid) continue; // a real join, leave or presence update: any answer is fine
          const reply = answer as { error?: unknown; message?: unknown } | undefined;
          if (typeof reply?.error !== 'string' || reply.error === '') {
            problems.push(
              `${event} #${i}: ack without an error: ${short(JSON.stringify(answer))} for ${short(JSON.stringify(payload))}`,
            );
          } else if (event !== 'board:leave' && (typeof reply.message !== 'string' || reply.message === '')) {
            problems.push(`${event} #${i}: ack without a message: ${short(JSON.stringify(answer))}`);
          }
        } else {
          const extra = Array.from({ length: rng.int(3) }, () => payloadFor(event));
          socket.emit(event, ...(rng.chance(0.2) ? [] : [payload]), ...extra);
        }
      }
      // Both sockets still answer, and a proper join still works on each.
      for (const socket of [a, b]) {
        expect(socket.connected).toBe(true);
        const answer = (await socket
          .timeout(3000)
          .emitWithAck('board:join', { boardId: BOARD, after: expected.revision })) as {
          revision?: number;
        };
        socketMessages++;
        expect(answer.revision).toBe(expected.revision);
      }
      expect(problems).toEqual([]);
      expect(await head()).toEqual(expected);
    });

    it('a handshake with a hostile token is refused with Unauthorized, and others are unaffected', async () => {
      const witness = await open(sekretariat);
      const tokens: unknown[] = [
        undefined,
        null,
        42,
        '',
        'x.y.z',
        ['a'],
        { token: sekretariat.token },
        'A'.repeat(20_000),
        `${sekretariat.token}x`,
      ];
      for (const token of tokens) {
        const socket = io(server.url, {
          auth: { token },
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
        });
        sockets.push(socket);
        socketMessages++;
        const outcome = await new Promise<string>((resolve) => {
          socket.once('connect', () => resolve('connected'));
          socket.once('connect_error', (error: Error & { data?: { error?: string; message?: string } }) =>
            resolve(
              error.data?.error === 'Unauthorized' && error.data.message
                ? 'refused'
                : `refused oddly: ${error.message}`,
            ),
          );
        });
        socket.disconnect();
        expect([JSON.stringify(token)?.slice(0, 40), outcome]).toEqual([
          JSON.stringify(token)?.slice(0, 40),
          'refused',
        ]);
      }
      expect(witness.connected).toBe(true);
    });

    it('a message above the 64 KB socket limit drops only that socket', async () => {
      const [victim, witness] = await Promise.all([open(sekretariat), open(sekretariat)]);
      victim.io.opts.reconnection = false;
      const closed = new Promise<string>((resolve) => victim.once('disconnect', resolve));
      socketMessages++;
      victim.emit('board:join', { boardId: BOARD, after: -1, padding: 'x'.repeat(SOCKET_BUFFER + 36_000) });
      await closed;
      expect(witness.connected).toBe(true);
      const answer = (await witness
        .timeout(3000)
        .emitWithAck('board:join', { boardId: BOARD, after: expected.revision })) as {
        revision?: number;
      };
      socketMessages++;
      expect(answer.revision).toBe(expected.revision);
    });
  });

  it('is still healthy and unchanged at the end, and the whole run stayed bounded', async () => {
    const health = await send({ path: '/api/health' });
    expect(health.status).toBe(200);
    expect(jsonOf(health)).toMatchObject({ status: 'ok' });
    expect(isRunning(server.child)).toBe(true);
    expect(await head()).toEqual(expected);
    const boards = await send({ path: '/api/boards', headers: auth });
    expect(jsonOf(boards)).toEqual([expect.objectContaining({ id: BOARD, revision: expected.revision })]);
    expect(server.logs.filter((line) => line.includes('"level":50') || line.includes('"level":60'))).toEqual(
      [],
    );
    // A budget, not an exact count: it grows with the command types the templates cover (28 with issue 11).
    expect(httpRequests).toBeLessThan(900);
    expect(socketMessages).toBeLessThan(250);
  });
});

/**
 * Regressions: bugs this file found (all fixed). They run on their own server because, before the
 * fix, some of them left the session's memory ahead of the store.
 */
describe('regressions found by fuzzing', () => {
  const PROTOTYPE_NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf'];
  let data: ReturnType<typeof tempDataDir>;
  let server: ServerProcess;
  let client: ApiClient;

  beforeAll(async () => {
    data = tempDataDir();
    // Hundreds of commands from one user as fast as they are answered: above the default rate.
    ({ server } = await launchReady(data.dir, { SELARAS_COMMAND_RATE: '100000' }));
    client = await ApiClient.login(server.url, 'sekretariat');
  });

  afterAll(async () => {
    await server?.stop();
    data?.cleanup();
  });

  /** Sends each command and returns [what, status, error code] rows, with the revision before and after. */
  async function outcomes(commands: Array<[CommandType, object]>) {
    const before = await client.revision(BOARD);
    const rows: Array<[string, number, string | undefined]> = [];
    for (const [type, payload] of commands) {
      const res = await client.command<ErrorResponse>(BOARD, type, payload, await client.revision(BOARD));
      rows.push([`${type} ${JSON.stringify(payload)}`, res.status, res.body.error]);
    }
    return { rows, before, after: await client.revision(BOARD) };
  }

  // shared/src/domain/domain-checks.ts withProgram: `state.programs[programId]` on a plain object finds
  // Object.prototype members, so the command goes on with a function as "the program" and throws.
  it('a programId naming an Object.prototype member is ProgramNotFound (400), not a 500', async () => {
    const commands = PROTOTYPE_NAMES.flatMap((name): Array<[CommandType, object]> => [
      ['CommentOnProgram', { programId: name, text: 'ada?' }],
      ['ReviseProgram', { programId: name, changes: { notes: 'x' } }],
      ['ArchiveProgram', { programId: name }],
      ['UnarchiveProgram', { programId: name }],
      ['MoveProgram', { programId: name, toColumnId: COLUMN }],
      ['TagProgram', { programId: name, listId: LIST, itemId: 'ac-1' }],
    ]);
    const { rows, before, after } = await outcomes(commands);
    expect(rows).toEqual(rows.map(([what]) => [what, 400, 'ProgramNotFound']));
    expect(after).toBe(before);
  });

  // decide-program.ts tagProgram and decide-board.ts addReferenceItem: `state.referenceLists[listId]`.
  it('a listId naming an Object.prototype member is UnknownReferenceList (400), not a 500', async () => {
    const commands = PROTOTYPE_NAMES.flatMap((name): Array<[CommandType, object]> => [
      ['TagProgram', { programId: PROGRAM, listId: name, itemId: 'x' }],
      ['UntagProgram', { programId: PROGRAM, listId: name, itemId: 'x' }],
      ['AddReferenceItem', { listId: name, item: { id: 'x', code: 'X', short: 'X', label: 'X' } }],
    ]);
    const { rows, before, after } = await outcomes(commands);
    expect(rows).toEqual(rows.map(([what]) => [what, 400, 'UnknownReferenceList']));
    expect(after).toBe(before);
  });

  // domain-checks.ts checkOpd: `state.opds[opdId]` is truthy for "constructor", so the OPD "exists".
  it('an opdId naming an Object.prototype member is UnknownOpd (400) and appends nothing', async () => {
    const commands = PROTOTYPE_NAMES.flatMap((name): Array<[CommandType, object]> => [
      ['ProposeProgram', { code: '1.02.03', title: `Program untuk ${name}`, opdId: name }],
      ['ReviseProgram', { programId: 'disdik-1-01-02', changes: { opdId: name } }],
    ]);
    const { rows, before, after } = await outcomes(commands);
    expect(rows).toEqual(rows.map(([what]) => [what, 400, 'UnknownOpd']));
    expect(after).toBe(before);
  });

  // board-session.ts record(): foldInPlace sets head.revision before the fold throws, so a command that
  // fails inside the server leaves the in-memory head one revision ahead of the store until the next
  // write fails its append and reloads the session. Meanwhile no-op answers report a revision the board
  // does not have, and a baseRevision ahead of the board is not refused.
  it('a command that fails inside the server does not advance the revision answers report', async () => {
    const board = (await client.get<BoardResponse>(`/api/boards/${BOARD}`)).body;
    const notes = board.board.programs[PROGRAM]!.notes;
    await client.command(BOARD, 'CommentOnProgram', { programId: 'constructor', text: 'x' }, board.revision);
    const noop = await client.command<{ revision: number }>(
      BOARD,
      'ReviseProgram',
      { programId: PROGRAM, changes: { notes } },
      board.revision,
    );
    const ahead = await client.command<ErrorResponse>(
      BOARD,
      'ReviseProgram',
      { programId: PROGRAM, changes: { notes } },
      board.revision + 1,
    );
    expect([noop.status, noop.body.revision]).toEqual([200, board.revision]);
    expect([ahead.status, ahead.body.error]).toEqual([400, 'BaseRevisionAhead']);
  });

  it('after such a failure the next valid command still lands at the next revision, chain intact', async () => {
    const before = await client.revision(BOARD);
    await client.command(BOARD, 'CommentOnProgram', { programId: 'toString', text: 'x' }, before);
    const res = await client.command<{ revision: number }>(
      BOARD,
      'CommentOnProgram',
      { programId: PROGRAM, text: 'Komentar sah' },
      before,
    );
    expect([res.status, res.body.revision]).toEqual([200, before + 1]);
    const all = await client.get<{ events: RecordedEvent[] }>(`/api/boards/${BOARD}/events?limit=1000`);
    expect(verifyChain(all.body.events)).toMatchObject({ ok: true, headRevision: before + 1 });
  });

  // board-commands.ts run(): a conflict with an event of this server's that was not yet stored looked
  // it up in the store, found nothing, and conflictOutcome([]) threw: a 500 under concurrent edits.
  // 32 writers, each sending its next edit as soon as the last is answered, from the base it last saw:
  // the edits keep arriving while earlier ones are in the group commit.
  it('concurrent edits of one field answer 200 or a 409 naming stored events, never 500', async () => {
    const start = await client.revision(BOARD);
    let base = start;
    const results: Array<{ status: number; body: ErrorResponse & { conflicts?: RecordedEvent[] } }> = [];
    const writer = async (w: number) => {
      for (let i = 0; i < 8; i++) {
        const res = await client.command<ErrorResponse & { revision: number; conflicts?: RecordedEvent[] }>(
          BOARD,
          'ReviseProgram',
          { programId: PROGRAM, changes: { notes: `Serentak ${w}-${i}` } },
          base,
        );
        if (res.status === 200) base = Math.max(base, res.body.revision);
        results.push(res);
      }
    };
    await Promise.all(Array.from({ length: 32 }, (_, w) => writer(w)));
    const all = await client.get<{ events: RecordedEvent[] }>(`/api/boards/${BOARD}/events?limit=1000`);
    const stored = new Set(all.body.events.map((e) => e.id));
    const accepted = results.filter((r) => r.status === 200).length;
    expect(accepted).toBeGreaterThan(0);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused.length).toBeGreaterThan(0);
    for (const res of refused) {
      expect([res.status, res.body.error]).toEqual([409, 'conflict']);
      expect(res.body.conflicts!.length).toBeGreaterThan(0);
      for (const event of res.body.conflicts!) expect(stored.has(event.id)).toBe(true);
    }
    expect(verifyChain(all.body.events)).toMatchObject({ ok: true, headRevision: start + accepted });
  });

  // boards.service.ts execute(): for an unknown board id, a CreateBoard registers the board in the
  // catalog (a durable BoardRegistered event) before its data is validated or its author authorised,
  // so every refused CreateBoard to a new id (even an auditor's) stays in the store for good.
  it('a refused CreateBoard to a new board id leaves no trace on disk', async () => {
    expect(filesContaining(data.dir, BOARD).length).toBeGreaterThan(0); // the scan does see the store
    const inspektorat = await ApiClient.login(server.url, 'inspektorat');
    const invalid = await client.command('jejak-data-tidak-sah', 'CreateBoard', {}, -1);
    const forbidden = await inspektorat.command(
      'jejak-tanpa-wewenang',
      'CreateBoard',
      { ...TEMPLATES.CreateBoard, boardId: 'jejak-tanpa-wewenang' },
      -1,
    );
    expect([invalid.status, forbidden.status]).toEqual([400, 403]);
    expect((await client.get('/api/boards/jejak-data-tidak-sah')).status).toBe(404);
    expect([
      ...filesContaining(data.dir, 'jejak-data-tidak-sah'),
      ...filesContaining(data.dir, 'jejak-tanpa-wewenang'),
    ]).toEqual([]);
  });

  // server/src/http/http-exception.filter.ts bodyParserError: body-parser's decompression errors carry
  // status 400 but no `type`, so they fall through to "unhandled error" and a 500.
  it('a compressed body that does not decompress is a 4xx with a message, not a 500', async () => {
    const answers: Array<[string, number]> = [];
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const res = await rawRequest(server.url, {
        method: 'POST',
        path: COMMANDS,
        headers: {
          authorization: `Bearer ${client.token}`,
          'content-type': 'application/json',
          'content-encoding': encoding,
        },
        body: '{"commandId":"not compressed at all"}',
      });
      answers.push([encoding, res.status]);
      expect(refusalProblem(res)).toBeUndefined();
    }
    expect(answers).toEqual([
      ['gzip', 400],
      ['deflate', 400],
      ['br', 400],
    ]);
  });

  // docs/api.md names the code MalformedJson; the filter's bodyParserError maps it, but what reaches the
  // filter is Nest's BadRequestException carrying V8's English parser message.
  it('malformed JSON is answered with error "MalformedJson" and the Indonesian message', async () => {
    for (const body of ['{"commandId":', 'true', '"x"', '{/* */}']) {
      const res = await rawRequest(server.url, {
        method: 'POST',
        path: COMMANDS,
        headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' },
        body,
      });
      expect([body, res.status, jsonOf(res)]).toEqual([
        body,
        400,
        expect.objectContaining({ error: 'MalformedJson', message: 'Isi permintaan bukan JSON yang sah.' }),
      ]);
    }
  });

  // realtime.gateway.ts takes the ack from the second argument only: with no payload the ack arrives as
  // `payload`, and with an extra argument it is the third; either way the client waits forever.
  it('board:join and presence:update answer an ack that is not the second argument', async () => {
    const socket = client.socket() as unknown as Socket;
    try {
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      const replies: unknown[] = [];
      for (const args of [[], [{ boardId: BOARD, after: -1 }, 'extra']]) {
        for (const event of ['board:join', 'presence:update']) {
          replies.push(
            await socket
              .timeout(500)
              .emitWithAck(event, ...args)
              .catch(() => 'no ack'),
          );
        }
      }
      expect(replies).not.toContain('no ack');
    } finally {
      socket.disconnect();
    }
  });
});
