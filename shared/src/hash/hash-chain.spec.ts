import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { BoardEvent, RecordedEvent } from '../domain/events';
import { NOMENCLATURE_2021_PROGRAMS } from '../reference/nomenclature';
import { recorded, testActors } from '../testing/given-when-then';
import { canonicalJson } from './canonical-json';
import { eventHash, GENESIS_HASH, verifyChain } from './hash-chain';
import { sha256Hex } from './sha256';

const nodeSha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it('matches the published test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it.each([
    ['empty', ''],
    ['ASCII', 'Rapat sinkronisasi program pembangunan'],
    ['Indonesian with Unicode', 'Rp 1.000 – Dinas Kesehatan ✓'],
    ['astral characters', 'Pagu 𝟚𝟘𝟚𝟞 😀 selaras'],
    ['55 bytes (fits one block with its length)', 'a'.repeat(55)],
    ['56 bytes (needs a second block)', 'a'.repeat(56)],
    ['63 bytes', 'a'.repeat(63)],
    ['64 bytes (exactly one block)', 'a'.repeat(64)],
    ['65 bytes', 'a'.repeat(65)],
    ['56 bytes of two-byte characters', 'é'.repeat(28)],
    ['119 bytes', 'x'.repeat(119)],
    ['120 bytes', 'x'.repeat(120)],
    ['1 MB', 'Selaras-'.repeat(131_072)],
  ])('equals node crypto for %s', (_what, text) => {
    expect(sha256Hex(text)).toBe(nodeSha256(text));
  });

  it('equals node crypto for every length up to 200 bytes of mixed text', () => {
    const alphabet = 'aZ9 ✓é–𝟚';
    let text = '';
    for (let n = 0; n < 200; n++) {
      expect(sha256Hex(text)).toBe(nodeSha256(text));
      text += alphabet[n % alphabet.length];
    }
  });
});

/** canonicalJson as first written (filter, sort, map, join): the faster one must give the same text. */
function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    return '[' + value.map((v) => (v === undefined ? 'null' : referenceCanonicalJson(v))).join(',') + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + referenceCanonicalJson(record[k])).join(',') + '}';
}

describe('canonicalJson', () => {
  it('gives the same text as the first implementation for any JSON value (so old hashes still verify)', () => {
    const withUndefined = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 2 }),
        fc.constant(undefined),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 5 }),
      ),
    })).value;
    fc.assert(
      fc.property(withUndefined, (value) => {
        if (value === undefined) return;
        expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
      }),
      { numRuns: 500 },
    );
  });

  it('sorts object keys at every depth', () => {
    const value = { b: 1, a: { d: [{ z: 1, y: { q: true, p: null } }], c: 'x' } };
    expect(canonicalJson(value)).toBe('{"a":{"c":"x","d":[{"y":{"p":null,"q":true},"z":1}]},"b":1}');
  });

  it('is the same whatever order the keys were written in', () => {
    const one = { programId: 'p-a', changes: { pagu: { '2026': 5, '2025': 4 }, notes: 'x' }, before: {} };
    const other = { before: {}, changes: { notes: 'x', pagu: { '2025': 4, '2026': 5 } }, programId: 'p-a' };
    expect(canonicalJson(one)).toBe(canonicalJson(other));
  });

  it('sorts keys by code unit, as JSON text is compared', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, ä: 4, '10': 5, '9': 6 })).toBe(
      '{"10":5,"9":6,"B":2,"a":3,"b":1,"ä":4}',
    );
  });

  it('drops undefined members and writes undefined array entries as null, like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: 1, c: [undefined, 2] })).toBe('{"b":1,"c":[null,2]}');
    expect(canonicalJson({ a: undefined, b: 1, c: [undefined, 2] })).toBe(
      JSON.stringify({ b: 1, c: [null, 2] }),
    );
  });

  it('writes strings and numbers as JSON does, without whitespace', () => {
    const value = {
      text: 'Rp 1.000 – "Dinas" ✓\n',
      n: -0.5,
      big: 9_007_199_254_740_991,
      list: [1, 'a', false],
    };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
    expect(canonicalJson(value)).not.toMatch(/[:,] /);
    expect(canonicalJson('Rp 1.000 – ✓')).toBe(JSON.stringify('Rp 1.000 – ✓'));
  });

  it.each([
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['NaN deep inside', { a: [{ b: NaN }] }],
    ['Infinity as a member', { pagu: { '2026': Infinity } }],
    ['a bigint', { revision: 1n }],
  ])('rejects %s', (_what, value) => {
    expect(() => canonicalJson(value)).toThrow(/canonicalJson/);
  });
});

// ---- the chain ---------------------------------------------------------------------------------

const created: BoardEvent = {
  type: 'BoardCreated',
  data: {
    boardId: 'papan-uji',
    title: 'Papan uji',
    description: '',
    sample: true,
    synthetic: false,
    nomenclatureVersion: NOMENCLATURE_2021_PROGRAMS.version,
    columns: [{ id: 'usulan-opd', title: 'Usulan OPD', rank: 'a0' }],
    opds: [{ id: 'dinkes', name: 'Dinas Kesehatan', short: 'Dinkes' }],
    referenceLists: [],
  },
};
const facts: BoardEvent[] = [
  created,
  {
    type: 'ProgramProposed',
    data: {
      programId: 'p-a',
      columnId: 'usulan-opd',
      rank: 'a0',
      code: '1.02.02',
      title: 'Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat',
      opdId: 'dinkes',
      indicators: [],
      pagu: { '2026': 1_000_000 },
      lokasi: ['Betung'],
      sumberDana: null,
      notes: '',
    },
  },
  {
    type: 'ProgramCommented',
    data: { programId: 'p-a', commentId: 'k-1', text: 'Rp 1.000 – Dinas Kesehatan ✓' },
  },
  {
    type: 'ProgramRevised',
    data: {
      programId: 'p-a',
      changes: { pagu: { '2026': 2_000_000 } },
      before: { pagu: { '2026': 1_000_000 } },
    },
  },
  { type: 'ColumnAdded', data: { columnId: 'telaah', title: 'Telaah Bappeda', rank: 'a1' } },
  {
    type: 'ProgramMoved',
    data: { programId: 'p-a', fromColumnId: 'usulan-opd', toColumnId: 'telaah', rank: 'a0', fromRank: 'a0' },
  },
];

/** Links events as the server does: each prevHash is the hash before it, each hash covers the event. */
function chain(events: readonly BoardEvent[], start = GENESIS_HASH): RecordedEvent[] {
  let prevHash = start;
  return recorded(events, testActors.dinkes).map((event) => {
    const linked = { ...event, meta: { ...event.meta, prevHash, hash: '' } };
    const hash = eventHash(linked);
    prevHash = hash;
    return { ...linked, meta: { ...linked.meta, hash } };
  });
}

const clone = <T>(value: T): T => structuredClone(value);

describe('eventHash', () => {
  it('is sha256 of the previous hash and the canonical event without its own hash', () => {
    const [first] = chain(facts);
    const { hash: _hash, ...meta } = first!.meta;
    const covered = { id: first!.id, type: first!.type, revision: first!.revision, data: first!.data, meta };
    expect(first!.meta.hash).toBe(nodeSha256(GENESIS_HASH + canonicalJson(covered)));
  });

  it('does not depend on key order or on the stored hash', () => {
    const [first] = chain(facts);
    const reordered = JSON.parse(
      JSON.stringify({ meta: first!.meta, data: first!.data, revision: 0, type: first!.type, id: first!.id }),
    );
    expect(eventHash(reordered)).toBe(first!.meta.hash);
    expect(eventHash({ ...first!, meta: { ...first!.meta, hash: 'anything' } })).toBe(first!.meta.hash);
  });

  it('gives the same hash with node crypto', () => {
    for (const event of chain(facts)) expect(eventHash(event, nodeSha256)).toBe(event.meta.hash);
  });
});

describe('verifyChain', () => {
  const events = chain(facts);
  const head = events[events.length - 1]!;

  describe('when the chain is intact', () => {
    it('is ok and names the head hash and revision', () => {
      expect(verifyChain(events)).toEqual({ ok: true, count: 6, headHash: head.meta.hash, headRevision: 5 });
    });

    it('is ok with node crypto too', () => {
      expect(verifyChain(events, nodeSha256)).toEqual({
        ok: true,
        count: 6,
        headHash: head.meta.hash,
        headRevision: 5,
      });
    });

    it('is ok for an empty stream, with the genesis hash as head', () => {
      expect(verifyChain([])).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH, headRevision: -1 });
    });

    it('verifies a tail from a trusted point', () => {
      const start = { revision: 2, hash: events[2]!.meta.hash };
      expect(verifyChain(events.slice(3), sha256Hex, start)).toEqual({
        ok: true,
        count: 3,
        headHash: head.meta.hash,
        headRevision: 5,
      });
    });

    it('survives a JSON round trip (as stored and sent)', () => {
      expect(verifyChain(JSON.parse(JSON.stringify(events)) as RecordedEvent[])).toMatchObject({ ok: true });
    });
  });

  describe('when an event’s content was altered', () => {
    it.each([
      ['its data', (e: RecordedEvent) => Object.assign(e.data, { text: 'Rp 10.000 – Dinas Kesehatan ✓' })],
      ['its actor', (e: RecordedEvent) => Object.assign(e.meta, { actor: testActors.sekretariat })],
      ['its time', (e: RecordedEvent) => Object.assign(e.meta, { at: '2025-02-15T03:00:00.000Z' })],
      ['its command id', (e: RecordedEvent) => Object.assign(e.meta, { commandId: 'c-lain' })],
      ['its type', (e: RecordedEvent) => Object.assign(e, { type: 'ProgramArchived' })],
      ['its id', (e: RecordedEvent) => Object.assign(e, { id: 'e-lain' })],
    ])('fails at that revision when %s changed', (_what, alter) => {
      const tampered = clone(events);
      alter(tampered[2]!);
      const verdict = verifyChain(tampered);
      expect(verdict).toMatchObject({
        ok: false,
        revision: 2,
        expected: expect.any(String),
        actual: events[2]!.meta.hash,
      });
      expect(verdict.ok === false && verdict.reason).toMatch(/altered/);
    });

    it('fails at revision 0 when the first event changed', () => {
      const tampered = clone(events);
      Object.assign(tampered[0]!.data, { title: 'Papan palsu' });
      expect(verifyChain(tampered)).toMatchObject({ ok: false, revision: 0 });
    });

    it('fails at the next revision when the altered event’s hash was recomputed too', () => {
      const tampered = clone(events);
      Object.assign(tampered[3]!.data, { changes: { pagu: { '2026': 9_000_000 } } });
      tampered[3]!.meta.hash = eventHash(tampered[3]!);
      const verdict = verifyChain(tampered);
      expect(verdict).toMatchObject({
        ok: false,
        revision: 4,
        expected: tampered[3]!.meta.hash,
        actual: events[3]!.meta.hash,
      });
      expect(verdict.ok === false && verdict.reason).toMatch(/prevHash/);
    });

    it('gives another head hash when the whole rest of the chain was rebuilt', () => {
      const rewritten = clone(facts);
      Object.assign(rewritten[3]!.data, { changes: { pagu: { '2026': 9_000_000 } } });
      const forged = chain(rewritten);
      const verdict = verifyChain(forged);
      expect(verdict).toMatchObject({ ok: true, count: 6 });
      expect(verdict.ok && verdict.headHash).not.toBe(head.meta.hash);
    });
  });

  describe('when an event was deleted', () => {
    it.each([[0], [2], [4]])('fails at revision %i and says it is missing', (k) => {
      const tampered = events.filter((_e, i) => i !== k);
      const verdict = verifyChain(tampered);
      expect(verdict).toMatchObject({ ok: false, revision: k });
      expect(verdict.ok === false && verdict.reason).toMatch(/missing/);
    });

    it('cannot be detected at the tail without a known head hash, but the head changes', () => {
      const verdict = verifyChain(events.slice(0, -1));
      expect(verdict).toMatchObject({ ok: true, count: 5 });
      expect(verdict.ok && verdict.headHash).not.toBe(head.meta.hash);
    });
  });

  describe('when two events were swapped', () => {
    it('fails at the first of them', () => {
      const tampered = [...events];
      [tampered[2], tampered[3]] = [tampered[3]!, tampered[2]!];
      const verdict = verifyChain(tampered);
      expect(verdict).toMatchObject({ ok: false, revision: 2 });
      expect(verdict.ok === false && verdict.reason).toMatch(/revision 2/);
    });

    it('fails at the first of them even with their revisions renumbered', () => {
      const tampered = clone(events);
      [tampered[2], tampered[3]] = [tampered[3]!, tampered[2]!];
      tampered[2]!.revision = 2;
      tampered[3]!.revision = 3;
      const verdict = verifyChain(tampered);
      expect(verdict).toMatchObject({ ok: false, revision: 2 });
      expect(verdict.ok === false && verdict.reason).toMatch(/prevHash/);
    });
  });

  describe('when an event appears twice', () => {
    it('fails at the repeated one', () => {
      const tampered = [...events.slice(0, 3), events[2]!, ...events.slice(3)];
      const verdict = verifyChain(tampered);
      expect(verdict).toMatchObject({ ok: false, revision: 3 });
      expect(verdict.ok === false && verdict.reason).toMatch(/duplicate or out of order/);
    });
  });

  describe('when a prevHash was changed', () => {
    it.each([[0], [3], [5]])('fails at revision %i with what was expected and found', (k) => {
      const tampered = clone(events);
      tampered[k]!.meta.prevHash = 'f'.repeat(64);
      const verdict = verifyChain(tampered);
      expect(verdict).toMatchObject({
        ok: false,
        revision: k,
        expected: k === 0 ? GENESIS_HASH : events[k - 1]!.meta.hash,
        actual: 'f'.repeat(64),
      });
      expect(verdict.ok === false && verdict.reason).toMatch(/prevHash/);
    });

    it('fails when the chain starts from another genesis', () => {
      const other = chain(facts, 'a'.repeat(64));
      expect(verifyChain(other)).toMatchObject({ ok: false, revision: 0 });
      expect(verifyChain(other, sha256Hex, { revision: -1, hash: 'a'.repeat(64) })).toMatchObject({
        ok: true,
      });
    });
  });
});
