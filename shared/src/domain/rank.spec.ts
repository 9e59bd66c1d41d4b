import { mulberry32 } from '../testing/random';
import { compareRanked, isRankKey, rankBetween } from './rank';

function expectStrictlyIncreasing(keys: readonly string[]): void {
  for (let i = 1; i < keys.length; i++) {
    if (!(keys[i - 1]! < keys[i]!))
      throw new Error(`keys ${i - 1} and ${i} out of order: ${keys[i - 1]} ${keys[i]}`);
  }
}

describe('rankBetween', () => {
  describe('for known neighbours', () => {
    it.each([
      [null, null, 'a0'],
      ['a0', null, 'a1'],
      [null, 'a0', 'Zz'],
      ['a0', 'a1', 'a0V'],
      ['a0', 'a0V', 'a0G'],
      ['az', null, 'b00'],
      [null, 'Z0', 'Yzz'],
    ])('puts a key between %p and %p: %p', (a, b, expected) => {
      expect(rankBetween(a, b)).toBe(expected);
    });
  });

  describe('when keys are inserted at random positions', () => {
    it.each([[7], [2025]])('keeps 2,000 keys strictly ordered and valid (seed %i)', (seed) => {
      const rng = mulberry32(seed);
      const keys: string[] = [];
      for (let n = 0; n < 2000; n++) {
        const at = Math.floor(rng() * (keys.length + 1));
        const a = keys[at - 1] ?? null;
        const b = keys[at] ?? null;
        const key = rankBetween(a, b);
        expect(isRankKey(key)).toBe(true);
        if (a !== null) expect(a < key).toBe(true);
        if (b !== null) expect(key < b).toBe(true);
        keys.splice(at, 0, key);
      }
      expectStrictlyIncreasing(keys);
      expect(new Set(keys).size).toBe(2000);
      expect(keys.every(isRankKey)).toBe(true);
    });
  });

  describe('when keys are always appended', () => {
    it('keeps 10,000 keys ordered and at most 4 characters long', () => {
      const keys: string[] = [];
      let last: string | null = null;
      for (let n = 0; n < 10_000; n++) {
        last = rankBetween(last, null);
        keys.push(last);
      }
      expectStrictlyIncreasing(keys);
      expect(Math.max(...keys.map((k) => k.length))).toBeLessThanOrEqual(4);
      expect(keys.every(isRankKey)).toBe(true);
    });
  });

  describe('when keys are always prepended', () => {
    it('keeps 10,000 keys ordered and at most 4 characters long', () => {
      const keys: string[] = [];
      let first: string | null = null;
      for (let n = 0; n < 10_000; n++) {
        first = rankBetween(null, first);
        keys.unshift(first);
      }
      expectStrictlyIncreasing(keys);
      expect(Math.max(...keys.map((k) => k.length))).toBeLessThanOrEqual(4);
      expect(keys.every(isRankKey)).toBe(true);
    });
  });

  describe('when keys are always inserted at the same spot', () => {
    it('keeps finding room right after one key (keys grow, slowly)', () => {
      const keys = ['a0', 'a1'];
      for (let n = 0; n < 500; n++) keys.splice(1, 0, rankBetween(keys[0]!, keys[1]!));
      expectStrictlyIncreasing(keys);
      expect(keys.every(isRankKey)).toBe(true);
      // Halving a base-62 gap: about one character per six insertions.
      expect(Math.max(...keys.map((k) => k.length))).toBeLessThanOrEqual(2 + Math.ceil(500 / 5));
    });

    it('keeps finding room right before one key', () => {
      const keys = ['a0', 'a1'];
      for (let n = 0; n < 500; n++)
        keys.splice(keys.length - 1, 0, rankBetween(keys[keys.length - 2]!, keys[keys.length - 1]!));
      expectStrictlyIncreasing(keys);
      expect(keys.every(isRankKey)).toBe(true);
    });
  });

  describe('when the neighbours are not in order', () => {
    it.each([
      ['a1', 'a0'],
      ['a0', 'a0'],
      ['b00', 'a0'],
      ['a0V', 'a0G'],
    ])('throws for %p >= %p', (a, b) => {
      expect(() => rankBetween(a, b)).toThrow(/>=/);
    });
  });

  describe('when a key is malformed', () => {
    it.each([[''], ['a'], ['a00'], ['b0'], ['a0!'], ['A' + '0'.repeat(26)]])('throws for %p', (key) => {
      expect(() => rankBetween(key, null)).toThrow(/invalid order key/);
      expect(() => rankBetween(null, key)).toThrow(/invalid order key/);
    });
  });
});

describe('isRankKey', () => {
  it.each([['a0'], ['Zz'], ['a0V'], ['b00'], ['Yzz'], ['a0zzz1']])('accepts %p', (key) => {
    expect(isRankKey(key)).toBe(true);
  });

  it.each([[''], ['a'], ['a00'], ['a0V0'], ['b0'], ['0'], ['a0 '], ['A' + '0'.repeat(26)]])(
    'rejects %p',
    (key) => {
      expect(isRankKey(key)).toBe(false);
    },
  );
});

describe('compareRanked', () => {
  it('orders by rank, then by id for equal ranks', () => {
    const items = [
      { id: 'c', rank: 'a1' },
      { id: 'b', rank: 'a0' },
      { id: 'a', rank: 'a1' },
      { id: 'd', rank: 'Zz' },
    ];
    expect([...items].sort(compareRanked).map((i) => i.id)).toEqual(['d', 'b', 'a', 'c']);
    expect(compareRanked({ id: 'x', rank: 'a0' }, { id: 'x', rank: 'a0' })).toBe(0);
  });
});
