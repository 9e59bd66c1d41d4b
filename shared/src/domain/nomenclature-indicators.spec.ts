import { fullNomenclature } from '../testing/full-nomenclature.spec-helper';
import { indicatorSchema } from './commands';

// A bug found by the import (issue 11): the indicator schema allowed 300 characters for a name, but 22
// indicators of the decree's own annex are longer (up to 478), so prefilling or importing them failed.
describe("the nomenclature's indicators fit the indicator schema", () => {
  const withIndicators = [...fullNomenclature().entries.values()].filter((e) => e.indikator);

  it('every kinerja, indikator and satuan of the annex is a valid indicator', () => {
    expect(withIndicators.length).toBeGreaterThan(3000);
    const refused = withIndicators.filter(
      (e) =>
        !indicatorSchema.safeParse({
          id: 'i',
          kinerja: e.kinerja,
          name: e.indikator,
          unit: e.satuan || 'Unit',
          baseline: null,
          targets: {},
        }).success,
    );
    expect(refused.map((e) => e.code)).toEqual([]);
  });
});
