// `npm run nomenclature -- list | check <folder> | add <folder> [--data-dir <dir>]`: the nomenclature
// versions this server reads at start, checking a newer decree's folder (manifest.json + CSV files, see
// shared/nomenclature/README.md), and adding it to the data directory. An added version takes effect
// when the server restarts. Exit code 0: done; 1: the folder is not valid or not accepted; 2: usage.
import {
  addFolder,
  checkFolder,
  listVersions,
  type CheckReport,
  type VersionInfo,
} from '../nomenclature/nomenclature-admin';
import { nomenclatureRoots } from '../nomenclature/nomenclature-files';

const USAGE =
  'Pemakaian (usage): npm run nomenclature -- list | check <folder> | add <folder> [--data-dir <dir>]';

function main(argv: string[]): number {
  const args = [...argv];
  let dataDir = process.env.SELARAS_DATA_DIR ?? './data';
  const flag = args.indexOf('--data-dir');
  if (flag >= 0) {
    const value = args[flag + 1];
    if (!value) return usage('--data-dir butuh direktori (needs a directory)');
    dataDir = value;
    args.splice(flag, 2);
  }
  const roots = nomenclatureRoots(dataDir, process.env.SELARAS_NOMENCLATURE_DIR);
  const [action, folder, ...extra] = args;
  if (extra.length > 0) return usage();
  try {
    if (action === 'list' && folder === undefined) {
      for (const version of listVersions(roots)) print(version);
      return 0;
    }
    if (action === 'check' && folder !== undefined) {
      const report = checkFolder(folder, roots);
      printReport(report);
      if (report.alreadyKnown) {
        console.log(`Versi ${report.version} sudah dikenal (already known): add akan menolaknya.`);
        return 1;
      }
      console.log('Sah (valid). Tambahkan dengan: npm run nomenclature -- add ' + folder);
      return 0;
    }
    if (action === 'add' && folder !== undefined) {
      const report = addFolder(folder, dataDir, roots);
      printReport(report);
      console.log(`Disalin ke (copied to) ${report.target}`);
      console.log(
        'Berlaku setelah server dijalankan ulang (takes effect when the server restarts); lalu sekretariat dapat memindahkan papan ke versi ini.',
      );
      return 0;
    }
  } catch (error) {
    console.error(`Tidak sah (not valid): ${(error as Error).message}`);
    return 1;
  }
  return usage();
}

function print(version: VersionInfo): void {
  const c = version.counts;
  console.log(`${version.version}\n  ${version.title}\n  ${version.dir}`);
  console.log(
    `  urusan ${c.urusan}, bidang ${c.bidang}, program ${c.program}, kegiatan ${c.kegiatan}, sub-kegiatan ${c.subKegiatan}`,
  );
}

function printReport(report: CheckReport): void {
  print(report);
  for (const other of report.against)
    console.log(
      `  dibanding (against) ${other.version}: ${other.added} kode baru, ${other.removed} kode hilang, ${other.retitled} nama berubah`,
    );
}

function usage(problem?: string): number {
  if (problem) console.error(problem);
  console.error(USAGE);
  return 2;
}

process.exit(main(process.argv.slice(2)));
