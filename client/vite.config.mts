import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The client imports the shared domain from its TypeScript source, so one `evolve` serves both ends
// without a CommonJS build step in between. `npm run dev` proxies the API to the server on :3000.
const serverUrl = process.env.SELARAS_DEV_SERVER ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@selaras/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)) },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': serverUrl,
      '/socket.io': { target: serverUrl, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    // The first page's chunk is ~540 kB before gzip (≈160 kB sent); `npm run bench` holds it to ≤ 200 kB gzip.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        // Everything the first page needs is one chunk, so it runs in import order: src/csp.ts sets zod
        // up before any shared schema is built (a common chunk split off by the lazily loaded pages
        // would run the schemas first). Pages loaded on demand (app/lazy-page.tsx) stay their own.
        codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] },
      },
    },
  },
});
