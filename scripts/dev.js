// `npm run dev`: recompiles shared/ and server/ on change (tsc --build --watch) and restarts the server
// when its output changes (node --watch). Ctrl-C stops both.
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const tsc = spawn(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-b', '-w', '--preserveWatchOutput', 'shared', 'server'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
const server = spawn(
  process.execPath,
  ['--watch-path=server/dist', '--watch-path=shared/dist', 'server/dist/main.js'],
  { cwd: root, stdio: 'inherit' },
);
const stop = () => {
  tsc.kill('SIGTERM');
  server.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => {
  tsc.kill('SIGTERM');
  process.exitCode = code ?? 0;
});
