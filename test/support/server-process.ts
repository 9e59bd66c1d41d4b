import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchReady } from './server-launch';

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
export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return (await launchReady(dataDir, env)).server;
}
