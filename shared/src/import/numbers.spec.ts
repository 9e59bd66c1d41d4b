import { formatIdNumber, parseIdNumber } from './numbers';

describe('Indonesian numbers', () => {
  it.each([
    ['1.250.000.000', 1_250_000_000],
    ['1.250.000,00', 1_250_000],
    ['Rp 1.250.000.000', 1_250_000_000],
    ['Rp. 1.250.000', 1_250_000],
    ['Rp1.250.000,-', 1_250_000],
    ['1250000000', 1_250_000_000],
    ['1 250 000', 1_250_000],
    [' 750.000 ', 750_000],
    ['0', 0],
    ['', null],
    ['-', null],
    ['–', null],
    [null, null],
    [1_250_000_000, 1_250_000_000],
  ])('pagu %j is %j', (cell, value) => {
    expect(parseIdNumber(cell, 'rupiah')).toEqual({ ok: true, value });
  });

  it.each([
    ['Rp 1,25 M', 'abbreviated'],
    ['1,25 M', 'abbreviated'],
    ['1,25 Miliar', 'abbreviated'],
    ['500 jt', 'abbreviated'],
    ['500 juta', 'abbreviated'],
    ['2 T', 'abbreviated'],
    ['1.250.000,50', 'notWhole'],
    [1250.5, 'notWhole'],
    ['-1.000', 'negative'],
    [-5, 'negative'],
    ['1,250,000', 'ambiguous'],
    ['12.5', 'ambiguous'],
    ['satu juta', 'notANumber'],
    ['1.25.000', 'notANumber'],
    ['12abc', 'notANumber'],
    ['99999999999999999999', 'tooLarge'],
  ])('pagu %j is refused as %s', (cell, problem) => {
    expect(parseIdNumber(cell, 'rupiah')).toEqual({ ok: false, problem });
  });

  it.each([
    ['95', 95],
    ['95,5', 95.5],
    ['95,5%', 95.5],
    ['95 %', 95],
    ['1.250', 1250],
    ['-2,5', -2.5],
    [0.955, 0.955],
    ['', null],
  ])('target %j is %j', (cell, value) => {
    expect(parseIdNumber(cell, 'target')).toEqual({ ok: true, value });
  });

  it.each([
    ['95.5', 'ambiguous'],
    ['tinggi', 'notANumber'],
    ['10 rb', 'abbreviated'],
  ])('target %j is refused as %s', (cell, problem) => {
    expect(parseIdNumber(cell, 'target')).toEqual({ ok: false, problem });
  });

  it('formats the Indonesian way for messages', () => {
    expect(formatIdNumber(1_250_000_000)).toBe('1.250.000.000');
    expect(formatIdNumber(95.5)).toBe('95,5');
    expect(formatIdNumber(0)).toBe('0');
  });
});
