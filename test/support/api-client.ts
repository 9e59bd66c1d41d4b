import { randomUUID } from 'node:crypto';
import type {
  ClientToServerEvents,
  LoginResponse,
  RecordedEvent,
  ServerToClientEvents,
} from '@selaras/shared';
import { type Socket, io } from 'socket.io-client';

export type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real HTTP client for the server's API, logged in as one account. */
export class ApiClient {
  constructor(
    readonly url: string,
    readonly token: string,
    readonly user: LoginResponse['user'],
  ) {}

  static async login(url: string, username: string, password = 'selaras'): Promise<ApiClient> {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login ${username} → ${res.status} ${await res.text()}`);
    const body = (await res.json()) as LoginResponse;
    return new ApiClient(url, body.token, body.user);
  }

  async request<T = unknown>(
    method: string,
    route: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.url}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  get<T = unknown>(route: string) {
    return this.request<T>('GET', route);
  }

  /** Sends a command; `commandId` defaults to a fresh UUID. */
  command<T = { revision: number; events: RecordedEvent[] }>(
    boardId: string,
    type: string,
    data: unknown,
    baseRevision: number,
    commandId: string = randomUUID(),
  ) {
    return this.request<T>('POST', `/api/boards/${boardId}/commands`, {
      commandId,
      type,
      baseRevision,
      data,
    });
  }

  async revision(boardId: string): Promise<number> {
    const res = await this.get<{ revision: number }>(`/api/boards/${boardId}`);
    return res.body.revision;
  }

  socket(): BoardSocket {
    return io(this.url, { auth: { token: this.token }, transports: ['websocket'], forceNew: true });
  }
}

/** Collects every `board:events` batch a socket receives for one board. */
export function collectEvents(socket: BoardSocket, boardId: string): RecordedEvent[] {
  const received: RecordedEvent[] = [];
  socket.on('board:events', (payload) => {
    if (payload.boardId === boardId) received.push(...payload.events);
  });
  return received;
}

export function join(socket: BoardSocket, boardId: string, after: number): Promise<{ revision: number }> {
  return new Promise((resolve, reject) => {
    socket.emit('board:join', { boardId, after }, (answer) => {
      if ('error' in answer) reject(new Error(`${answer.error}: ${answer.message}`));
      else resolve(answer);
    });
  });
}

/** Polls until `check` is true (bounded: `timeoutMs`). */
export async function waitFor(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
