import path from 'node:path';
import {
  NOMENCLATURE_FULL_VERSION,
  nomenclatureByVersion,
  type Nomenclature,
} from '../reference/nomenclature';
import {
  SHIPPED_NOMENCLATURE_DIR,
  loadNomenclatures,
} from '../../../server/src/nomenclature/nomenclature-files';

/**
 * The full kabupaten/kota nomenclature for specs, read from the shipped CSV files once per test file (as
 * the server does at start), so domain specs use real codes and never hand-typed ones.
 */
export function fullNomenclature(): Nomenclature {
  const known = nomenclatureByVersion(NOMENCLATURE_FULL_VERSION);
  if (known) return known;
  loadNomenclatures([path.join(SHIPPED_NOMENCLATURE_DIR, NOMENCLATURE_FULL_VERSION)]);
  return nomenclatureByVersion(NOMENCLATURE_FULL_VERSION)!;
}
