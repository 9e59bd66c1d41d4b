import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { ServerProcess } from './server-process';

const MAIN = path.resolve(__dirname, '..', '..', 'server', 'dist', 'main.js');

/** How a launch ended: the server got ready, or the process exited first (e.g. refused its config). */
export type Launch =
  | { kind: 'ready'; server: ServerProcess; output: () => string }
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; output: string };

/**
 * Like `startServer`, but for a process that may refuse to start: resolves with its exit code and
 * everything it wrote (stdout and stderr) instead of rejecting. The environment starts from this
 * process's without any inherited `SELARAS_*` or `NODE_ENV`, so a CI runner's settings cannot leak
 * in; an override of `undefined` removes a variable.
 */
export function launchServer(
  dataDir: string,
  overrides: Record<string, string | undefined> = {},
  timeoutMs = 20_000,
): Promise<Launch> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('SELARAS_') && key !== 'NODE_ENV') env[key] = value;
  }
  const wanted: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    SELARAS_DATA_DIR: dataDir,
    SELARAS_LOG_LEVEL: 'info',
    // The launcher reads the ready line as JSON, whatever NODE_ENV a test chooses (development is pretty).
    SELARAS_LOG_FORMAT: 'json',
    ...overrides,
  };
  for (const [key, value] of Object.entries(wanted)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const child: ChildProcess = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // 'close', not 'exit': by then stdout and stderr are drained, so the output is complete.
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`server neither got ready nor exited in ${timeoutMs} ms:\n${logs.join('\n')}`));
    }, timeoutMs);
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        logs.push(line);
        if (settled) continue;
        try {
          const entry = JSON.parse(line) as { url?: string; msg?: string };
          if (entry.url && entry.msg?.startsWith('Selaras siap')) {
            settled = true;
            clearTimeout(timer);
            const server: ServerProcess = {
              url: entry.url,
              dataDir,
              child,
              logs,
              stop: async () => {
                if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
                return (await exited).code;
              },
              kill: async () => {
                if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
                await exited;
              },
            };
            resolve({ kind: 'ready', server, output: () => logs.join('\n') });
          }
        } catch {
          // not a JSON log line
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    void exited.then(({ code, signal }) => {
      if (buffer) logs.push(buffer);
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ kind: 'exited', code, signal, output: logs.join('\n') });
    });
  });
}

/** Launches and insists on a ready server (with the process's output in the failure message). */
export async function launchReady(
  dataDir: string,
  overrides: Record<string, string | undefined> = {},
): Promise<{ server: ServerProcess; output: () => string }> {
  const launch = await launchServer(dataDir, overrides);
  if (launch.kind !== 'ready') {
    throw new Error(
      `server exited with ${launch.code ?? launch.signal} before it was ready:\n${launch.output}`,
    );
  }
  return launch;
}

/** True while the child process has neither exited nor been killed by a signal. */
export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}
