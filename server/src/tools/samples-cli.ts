// `npm run samples [-- --out <dir>]`: writes the import's sample files (docs/contoh) from the shipped
// nomenclature. Codes, names, indicators and units come from the decree's files; every target and pagu
// is fictitious and the files say so (CONTOH in the name, the title rows and a sheet of notes).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NOMENCLATURE_FULL_VERSION, nomenclatureByVersion } from '@selaras/shared';
import { SAMPLE_OPDS, type SampleOpd, sampleRows } from '../import/sample-tables';
import { sampleCsv, sampleXlsx } from '../import/sample-writers';
import { SHIPPED_NOMENCLATURE_DIR, loadNomenclatures } from '../nomenclature/nomenclature-files';

const SOURCE =
  'Kode, nama, indikator dan satuan dari nomenklatur Kepmendagri 900.1.15.5-1317/2023 (file di shared/nomenclature).';
const FICTITIOUS =
  'CONTOH: semua target dan pagu FIKTIF (angka rekaan untuk mencoba impor), bukan data resmi.';

async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf('--out');
  const out = path.resolve(
    at >= 0 && argv[at + 1] ? argv[at + 1]! : path.join(__dirname, '..', '..', '..', 'docs', 'contoh'),
  );
  loadNomenclatures([path.join(SHIPPED_NOMENCLATURE_DIR, NOMENCLATURE_FULL_VERSION)]);
  const nomenclature = nomenclatureByVersion(NOMENCLATURE_FULL_VERSION)!;
  mkdirSync(out, { recursive: true });
  const make = (opds: SampleOpd[], programsPerOpd: number) =>
    sampleRows({ nomenclature, opds, programsPerOpd, kegiatanPerProgram: 2, subPerKegiatan: 3 });

  const dinkes = make([SAMPLE_OPDS.dinkes!], 3);
  const dinkesFile = {
    title: 'CONTOH — Renstra Dinas Kesehatan 2025–2029 (format impor Selaras)',
    notes: [FICTITIOUS, SOURCE],
  };
  await write(out, 'CONTOH-impor-renstra-dinas-kesehatan.xlsx', await sampleXlsx(dinkes, dinkesFile));
  await write(out, 'CONTOH-impor-renstra-dinas-kesehatan.csv', sampleCsv(dinkes, dinkesFile));

  const several = make(Object.values(SAMPLE_OPDS), 2);
  await write(
    out,
    'CONTOH-impor-sekretariat-beberapa-opd.xlsx',
    await sampleXlsx(several, {
      title: 'CONTOH — Program, kegiatan dan sub-kegiatan beberapa perangkat daerah (impor oleh sekretariat)',
      notes: [FICTITIOUS, SOURCE],
    }),
  );
}

async function write(dir: string, name: string, content: Buffer | string): Promise<void> {
  writeFileSync(path.join(dir, name), content);
  process.stderr.write(`ditulis (written): ${path.join(dir, name)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
