import { asciiJsonBytes } from './json-body';

const isAscii = (bytes: Buffer) => bytes.every((byte) => byte < 0x80);

describe('asciiJsonBytes', () => {
  it('gives the UTF-8 bytes of ASCII JSON as they are', () => {
    const json = JSON.stringify({ program: '1.02.02', pagu: [1_250_000_000, null], text: 'a "b" \\ c' });
    expect(asciiJsonBytes(json).equals(Buffer.from(json))).toBe(true);
    expect(asciiJsonBytes('').length).toBe(0);
  });

  it('escapes every non-ASCII character, and the JSON parses to the same value', () => {
    const value = {
      vision: 'RPJMN 2025–2029 (Perpres 12/2025)',
      latin1: 'café à Palembang',
      emoji: 'rapat 👍 selesai',
      edges: ['—', '—start', 'end—', '——'],
      key: { 'kode—1': 'é' },
    };
    const bytes = asciiJsonBytes(JSON.stringify(value));
    expect(isAscii(bytes)).toBe(true);
    expect(bytes.toString('latin1')).toContain('2025\\u20132029');
    expect(bytes.toString('latin1')).toContain('\\ud83d\\udc4d');
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(value);
  });

  it('keeps a large two-byte string whole: one dash at each end of megabytes of ASCII', () => {
    const middle = 'x'.repeat(3_000_000);
    const json = JSON.stringify(['–', middle, '–']);
    const bytes = asciiJsonBytes(json);
    expect(bytes.length).toBe(json.length + 10);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(['–', middle, '–']);
  });
});
