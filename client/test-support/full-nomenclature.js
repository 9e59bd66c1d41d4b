// The demo board uses the full nomenclature, which the server reads from its CSV files at start and a
// browser downloads lazily: specs register it once per file the way the server does (real data, no mock).
require('../../shared/src/testing/full-nomenclature.spec-helper').fullNomenclature();
