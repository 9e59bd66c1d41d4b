import { decimalInputText, paguInputText, parseDecimal, parsePagu, tidyPaguInput } from './editor-numbers';

describe('pagu inputs', () => {
  it('read what people type: Indonesian grouping, plain digits, an Rp prefix, pasted English grouping', () => {
    expect(parsePagu('1.250.000.000')).toBe(1_250_000_000);
    expect(parsePagu('1250000000')).toBe(1_250_000_000);
    expect(parsePagu('Rp 1.250.000')).toBe(1_250_000);
    expect(parsePagu(' 1,250,000 ')).toBe(1_250_000);
  });

  it('read an empty input as "not set" (null), not as zero', () => {
    expect(parsePagu('')).toBeNull();
    expect(parsePagu('   ')).toBeNull();
    expect(parsePagu('0')).toBe(0);
  });

  it('refuse anything that is not whole Rupiah', () => {
    for (const text of ['12abc', '1,5', '-100', '1.250,50', '1e9', '99999999999999999999'])
      expect(parsePagu(text)).toBe('invalid');
  });

  it('show a stored amount with Indonesian grouping, and tidy a typed one on blur', () => {
    expect(paguInputText(1_250_000_000)).toBe('1.250.000.000');
    expect(paguInputText(null)).toBe('');
    expect(paguInputText(undefined)).toBe('');
    expect(tidyPaguInput('1250000')).toBe('1.250.000');
    expect(tidyPaguInput('12abc')).toBe('12abc');
    expect(tidyPaguInput('')).toBe('');
  });
});

describe('indicator numbers', () => {
  it('use the decimal comma in Bahasa Indonesia and the decimal point in English', () => {
    expect(parseDecimal('85,5', 'id')).toBe(85.5);
    expect(parseDecimal('85.5', 'en')).toBe(85.5);
    expect(decimalInputText(85.5, 'id')).toBe('85,5');
    expect(decimalInputText(85.5, 'en')).toBe('85.5');
  });

  it('read thousands grouping of either language, and a lone decimal point in Indonesian', () => {
    expect(parseDecimal('1.250', 'id')).toBe(1250);
    expect(parseDecimal('1.250,75', 'id')).toBe(1250.75);
    expect(parseDecimal('85.5', 'id')).toBe(85.5);
    expect(parseDecimal('1,250.75', 'en')).toBe(1250.75);
    expect(parseDecimal('-3', 'en')).toBe(-3);
  });

  it('give null for empty and "invalid" for text', () => {
    expect(parseDecimal('', 'id')).toBeNull();
    expect(parseDecimal('banyak', 'id')).toBe('invalid');
    expect(parseDecimal('1,2,3', 'en')).toBe('invalid');
  });

  it('round-trip what is stored', () => {
    for (const value of [0, 1, 85.5, 1250.125, -2])
      for (const language of ['id', 'en'] as const)
        expect(parseDecimal(decimalInputText(value, language), language)).toBe(value);
  });
});
