import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Socket, io } from 'socket.io-client';
import { nowMs } from './harness';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface Child {
  child: ChildProcess;
  /** The first JSON log line matching `ready`, and the time from spawn to it. */
  ready: Record<string, unknown>;
  readyMs: number;
  logs: Array<Record<string, unknown>>;
  rssMiB(): number;
  /** CPU time (user + system) the process has used so far, in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Spawns a Node script and resolves when it prints a JSON line for which `isReady` holds. */
export function spawnNode(
  script: string,
  env: Record<string, string>,
  isReady: (line: Record<string, unknown>) => boolean,
  timeoutMs = 60_000,
): Promise<Child> {
  const started = nowMs();
  // SELARAS_BENCH_NODE_ARGS: extra node flags for the spawned servers, e.g. to profile one
  // (`--cpu-prof --cpu-prof-dir=/tmp/prof`), which NODE_OPTIONS does not allow.
  const nodeArgs = (process.env.SELARAS_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not get ready in ${timeoutMs} ms`));
    }, timeoutMs);
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const text = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        let line: Record<string, unknown>;
        try {
          line = JSON.parse(text) as Record<string, unknown>;
        } catch {
          continue;
        }
        logs.push(line);
        if (isReady(line)) {
          clearTimeout(timer);
          resolve({
            child,
            ready: line,
            readyMs: nowMs() - started,
            logs,
            rssMiB: () => rssMiB(child.pid!),
            cpuMs: () => cpuMs(child.pid!),
            stop: async () => {
              child.kill('SIGTERM');
              await exited;
            },
          });
        }
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${script} exited before it was ready`));
    });
  });
}

function cpuMs(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat (after the command name in parentheses): utime, stime in ticks.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Starts the real server (built `server/dist/main.js`) on a free port with its own data directory. */
export function startSelaras(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<Child & { url: string }> {
  return spawnNode(
    path.join(ROOT, 'server', 'dist', 'main.js'),
    {
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      SELARAS_DATA_DIR: dataDir,
      SELARAS_LOG_LEVEL: 'info',
      ...env,
    },
    (line) => typeof line.url === 'string' && String(line.msg).startsWith('Selaras siap'),
  ).then((c) => ({ ...c, url: String(c.ready.url) }));
}

/** Connects `count` Socket.IO clients (websocket transport) and resolves once all are connected. */
export async function connectClients(
  url: string,
  count: number,
  auth: Record<string, string> = {},
): Promise<Socket[]> {
  const sockets: Socket[] = [];
  const connecting: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const socket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(socket);
    connecting.push(
      new Promise((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      }),
    );
  }
  await Promise.all(connecting);
  return sockets;
}
