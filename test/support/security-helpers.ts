import type { ErrorResponse } from '@selaras/shared';
import { type Socket, io } from 'socket.io-client';
import { waitFor } from './api-client';
import type { ServerProcess } from './server-process';

/** Helpers for test/security.e2e.spec.ts: the security log, raw logins and socket handshakes. */

export type LogLine = Record<string, unknown> & { name?: string; event?: string };

export function securityLog(server: ServerProcess): LogLine[] {
  return server.logs.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as LogLine;
      return entry.name === 'security' ? [entry] : [];
    } catch {
      return [];
    }
  });
}

/** Waits (briefly) until the server's security log has a line like `expected`: stdout is a pipe. */
export async function logged(server: ServerProcess, expected: LogLine): Promise<void> {
  const matches = (line: LogLine) => Object.entries(expected).every(([k, v]) => line[k] === v);
  await waitFor(() => securityLog(server).some(matches), 3000, `security log ${JSON.stringify(expected)}`);
}

export async function login(
  url: string,
  username: string,
  password: string,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as ErrorResponse };
}

/** Opens a socket and resolves with 'connected' or the connect_error's message. */
export function handshake(url: string, token: string, options: { origin?: string; polling?: boolean } = {}) {
  const socket: Socket = io(url, {
    auth: { token },
    transports: [options.polling ? 'polling' : 'websocket'],
    forceNew: true,
    reconnection: false,
    ...(options.origin ? { extraHeaders: { origin: options.origin } } : {}),
  });
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error) => resolve(`refused: ${error.message}`));
  }).finally(() => socket.disconnect());
}
