import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../auth/users';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The page's only style; its hash is in the Content-Security-Policy (server/src/security). */
export const STATUS_PAGE_STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1b2a3a}code{background:#eef2f6;padding:0 .25rem;border-radius:3px}';

/** The plain page `/` serves until the client is built: the API is up, and how to use it. */
export function statusPage(demo: boolean): string {
  const accounts = demo
    ? `<h2>Akun demo (kata sandi <code>${DEMO_PASSWORD}</code>)</h2><ul>${DEMO_ACCOUNTS.map(
        (a) => `<li><code>${escape(a.username)}</code> — ${escape(a.name)} (${a.role})</li>`,
      ).join('')}</ul><p>Papan demo: <code>banyuasin-2025-2029</code> (Data contoh).</p>`
    : '';
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Selaras — API aktif</title>
<style>${STATUS_PAGE_STYLE}</style>
</head><body>
<h1>Selaras</h1>
<p>API Selaras aktif. Antarmuka papan belum dibangun di instalasi ini; API dan sinkronisasi langsung sudah dapat dipakai.</p>
<p lang="en"><em>The Selaras API is up. The board interface is not built in this installation yet; the API and live sync work.</em></p>
${accounts}
<ul><li><a href="/api/health">/api/health</a></li><li>POST <code>/api/auth/login</code> → token; lalu <code>GET /api/boards</code></li><li>Dokumentasi API: <code>docs/api.md</code> di repositori.</li></ul>
</body></html>`;
}
