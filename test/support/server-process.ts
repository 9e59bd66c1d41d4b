import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MAIN = path.resolve(__dirname, '..', '..', 'server', 'dist', 'main.js');

export interface ServerProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  logs: string[];
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown hooks run, like a power cut for the process. */
  kill(): Promise<void>;
}

export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'selaras-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts the real server (the built `server/dist/main.js`, as `npm start` does) on a free port with
 * its own data directory, and resolves once it logs that it is ready.
 */
export function startServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      SELARAS_DATA_DIR: dataDir,
      SELARAS_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in 20 s:\n${logs.join('\n')}`));
    }, 20_000);
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        logs.push(line);
        try {
          const entry = JSON.parse(line) as { url?: string; msg?: string };
          if (entry.url && entry.msg?.startsWith('Selaras siap')) {
            clearTimeout(timer);
            resolve({
              url: entry.url,
              dataDir,
              child,
              logs,
              stop: async () => {
                child.kill('SIGTERM');
                return exited;
              },
              kill: async () => {
                child.kill('SIGKILL');
                await exited;
              },
            });
          }
        } catch {
          // not a JSON log line
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${logs.join('\n')}`));
    });
  });
}
