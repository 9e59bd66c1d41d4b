// After `vite build`: writes `<file>.br` (Brotli, best quality) and `<file>.gz` (gzip -9) beside each
// script and stylesheet in client/dist/assets. The server sends these as they are (main.ts), so a
// fresh browser's first load costs the server no compression and gets the smallest download; Vite
// names assets by content hash, so a compressed copy can never go stale.
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { promisify } = require('node:util');
const zlib = require('node:zlib');

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'client', 'dist', 'assets'));

async function main() {
  const files = readdirSync(dir).filter((f) => /\.(js|css)$/.test(f));
  let raw = 0;
  let br = 0;
  await Promise.all(
    files.map(async (file) => {
      const bytes = readFileSync(path.join(dir, file));
      const [b, g] = await Promise.all([
        brotli(bytes, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        }),
        gzip(bytes, { level: zlib.constants.Z_BEST_COMPRESSION }),
      ]);
      writeFileSync(path.join(dir, `${file}.br`), b);
      writeFileSync(path.join(dir, `${file}.gz`), g);
      raw += bytes.length;
      br += b.length;
    }),
  );
  process.stdout.write(
    `precompressed ${files.length} files: ${Math.round(raw / 1000)} kB → ${Math.round(br / 1000)} kB brotli\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`precompress: ${error.stack ?? error}\n`);
  process.exitCode = 1;
});
