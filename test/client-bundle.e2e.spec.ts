// The built client (npm test builds it first): the first page downloads at most 200 kB of gzip'd
// JavaScript, and the pages that load on demand are chunks of their own that index.html does not
// pull in. A static import of one of them (which silently merges it back) fails here.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = path.resolve(__dirname, '..', 'client', 'dist');
const ON_DEMAND = ['DisplayPage', 'AuditLogPage', 'ComparePage', 'AccountsPage', 'PastBoard'];

if (!existsSync(path.join(DIST, 'index.html'))) throw new Error(`no built client in ${DIST}: npm run build`);
const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
const firstLoad = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);

describe('the built client', () => {
  it('sends at most 200 kB of gzip’d JavaScript for the first page', () => {
    expect(firstLoad.length).toBeGreaterThan(0);
    const gzip = firstLoad.reduce((n, file) => n + gzipSync(readFileSync(path.join(DIST, file))).length, 0);
    expect(gzip).toBeLessThanOrEqual(200_000);
  });

  it.each(ON_DEMAND)('has %s as a chunk of its own, not in the first download', (page) => {
    const chunks = readdirSync(path.join(DIST, 'assets')).filter(
      (f) => f.startsWith(`${page}-`) && f.endsWith('.js'),
    );
    expect(chunks).toHaveLength(1);
    expect(firstLoad.map((f) => path.basename(f))).not.toContain(chunks[0]);
  });
});
