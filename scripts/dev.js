// `npm run dev`: recompiles shared/ and server/ on change (tsc --build --watch), restarts the server
// when its output changes (node --watch), and serves the client from Vite with hot reload on
// http://localhost:5173 (API and Socket.IO proxied to the server on :3000). Ctrl-C stops all three.
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// vite's package exports hide its bin; its package.json names it.
const vitePackage = require.resolve('vite/package.json', { paths: [path.join(root, 'client')] });
const viteBin = path.join(path.dirname(vitePackage), require(vitePackage).bin.vite);
const children = [
  spawn(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-b', '-w', '--preserveWatchOutput', 'shared', 'server'],
    { cwd: root, stdio: 'inherit' },
  ),
  spawn(process.execPath, ['--watch-path=server/dist', '--watch-path=shared/dist', 'server/dist/main.js'], {
    cwd: root,
    stdio: 'inherit',
  }),
  spawn(process.execPath, [viteBin], {
    cwd: path.join(root, 'client'),
    stdio: 'inherit',
  }),
];
const [, server] = children;
const stop = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => {
  stop();
  process.exitCode = code ?? 0;
});
