import {
  type ErrorResponse,
  type RecordedEvent,
  joinBoardSchema,
  looksIndonesian,
  verifyChain,
} from '@selaras/shared';
import fc from 'fast-check';
import { type Socket, io } from 'socket.io-client';
import { ApiClient } from './support/api-client';
import {
  DEMO_BOARD,
  LEAK,
  hostileCommand,
  hostileMessage,
  hostileSocketMessage,
  schemaAccepts,
} from './support/hostile-payloads';
import { type RawResponse, jsonOf, rawRequest } from './support/raw-http';
import { isRunning, launchReady } from './support/server-launch';
import { type ServerProcess, tempDataDir } from './support/server-process';

/**
 * Property-based: fast-check throws random and hostile command bodies at a real server (every command
 * type; see support/hostile-payloads.ts) and checks that every answer is a clear 4xx, that only bodies
 * the schemas accept are ever answered 2xx, and that the board's event stream moves only by the events
 * of accepted commands. The seed is fixed so CI is repeatable; `FUZZ_SEED=<n>` explores others and a
 * failure prints the seed and the shrunk counterexample.
 */

jest.setTimeout(120_000);

const SEED = Number(process.env.FUZZ_SEED ?? 0x5e1a4a5);
const EVENTS = `/api/boards/${DEMO_BOARD}/events`;
const COMMANDS = `/api/boards/${DEMO_BOARD}/commands`;

let data: ReturnType<typeof tempDataDir>;
let server: ServerProcess;
let client: ApiClient;
let auth: Record<string, string>;
/** The board's head as it must be: it moves only with an accepted command's events. */
let head: number;
let initialEvents: number;
let acceptedEvents = 0;
const counts = { runs: 0, accepted: 0, refused: new Map<number, number>() };

async function eventsAfter(after: number): Promise<{ revision: number; events: RecordedEvent[] }> {
  const res = await rawRequest(server.url, { path: `${EVENTS}?after=${after}&limit=1000`, headers: auth });
  if (res.status !== 200) throw new Error(`GET events → ${res.status} ${res.text.slice(0, 200)}`);
  return JSON.parse(res.text) as { revision: number; events: RecordedEvent[] };
}

/** What is wrong with a refusal, if anything: it must be a 4xx with a JSON error and a message. */
function refusalProblem(res: RawResponse): string | undefined {
  if (res.status < 400 || res.status >= 500) return `answered ${res.status}`;
  const body = jsonOf(res) as Partial<ErrorResponse> | undefined;
  if (typeof body?.error !== 'string' || typeof body.message !== 'string' || !body.message.trim())
    return `answered ${res.status} without {error, message}: ${res.text.slice(0, 200)}`;
  if (LEAK.test(res.text)) return `answer leaks internals: ${res.text.slice(0, 300)}`;
  // Every refusal says it in English too, in English (not the Indonesian copied over).
  if (typeof body.messageEn !== 'string' || !body.messageEn.trim() || looksIndonesian(body.messageEn))
    return `answered ${res.status} without a real English messageEn: ${res.text.slice(0, 300)}`;
  return undefined;
}

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
function prototypeKeyIn(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(prototypeKeyIn);
  if (value && typeof value === 'object')
    return Object.entries(value).some(([k, v]) => PROTOTYPE_KEYS.has(k) || prototypeKeyIn(v));
  return false;
}

beforeAll(async () => {
  data = tempDataDir();
  // Hundreds of commands from one user, as fast as they are answered: far above the default
  // per-user rate (which test/security.e2e.spec.ts covers), so it is raised here.
  ({ server } = await launchReady(data.dir, { SELARAS_COMMAND_RATE: '100000' }));
  client = await ApiClient.login(server.url, 'sekretariat');
  auth = { authorization: `Bearer ${client.token}` };
  const all = await eventsAfter(-1);
  head = all.revision;
  initialEvents = all.events.length;
});

afterAll(async () => {
  await server?.stop();
  data?.cleanup();
});

it('hostile command bodies: only 4xx refusals, 2xx only for valid ones, the stream moves only with them', async () => {
  await fc.assert(
    fc.asyncProperty(
      hostileCommand(() => head),
      async (hostile) => {
        counts.runs++;
        const res = await rawRequest(server.url, {
          method: 'POST',
          path: COMMANDS,
          headers: { ...auth, 'content-type': 'application/json' },
          body: hostile.body,
        });
        const after = await eventsAfter(head);
        if (res.status === 200) {
          counts.accepted++;
          if (!schemaAccepts(hostile.text)) throw new Error(`${hostile.what}: accepted an invalid body`);
          const answer = JSON.parse(res.text) as { revision: number; events: RecordedEvent[] };
          // The stream gained exactly the answered events, and none carries a prototype key.
          expect(after.events.map((e) => e.id)).toEqual(answer.events.map((e) => e.id));
          expect(after.revision).toBe(answer.revision);
          expect(prototypeKeyIn(answer.events.map((e) => e.data))).toBe(false);
          acceptedEvents += answer.events.length;
          head = after.revision;
          return;
        }
        counts.refused.set(res.status, (counts.refused.get(res.status) ?? 0) + 1);
        const problem = refusalProblem(res);
        if (problem) throw new Error(`${hostile.what}: ${problem}`);
        // Refused: not one event was appended.
        expect(after).toEqual({ revision: head, events: [] });
      },
    ),
    { numRuns: 300, seed: SEED, endOnFailure: true },
  );
  // The run really exercised both sides: many refusals of several kinds, and the body limit.
  expect(counts.refused.get(400) ?? 0).toBeGreaterThan(100);
  expect(counts.refused.get(413) ?? 0).toBeGreaterThan(0);
  expect(counts.accepted).toBeGreaterThan(0);
});

it('afterwards the whole stream verifies and holds the initial events plus the accepted ones', async () => {
  const all = await eventsAfter(-1);
  expect(all.events).toHaveLength(initialEvents + acceptedEvents);
  expect(verifyChain(all.events)).toMatchObject({ ok: true, headRevision: head });
  const board = await client.get<{ board: { programs: Record<string, unknown> } }>(
    `/api/boards/${DEMO_BOARD}`,
  );
  expect(Object.keys(board.body.board.programs).filter((id) => PROTOTYPE_KEYS.has(id))).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('hostile Socket.IO messages', () => {
  let socket: Socket;
  beforeAll(async () => {
    socket = client.socket() as unknown as Socket;
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  });
  afterAll(() => socket?.disconnect());

  it('board:join with random payloads answers an error ack (or joins, when valid) and stays connected', async () => {
    await fc.assert(
      fc.asyncProperty(hostileSocketMessage, async (payload) => {
        const answer = (await socket.timeout(3000).emitWithAck('board:join', payload)) as {
          error?: string;
          message?: string;
          revision?: number;
        };
        if (joinBoardSchema.safeParse(JSON.parse(JSON.stringify(payload) ?? 'null')).success) return;
        expect(typeof answer.error).toBe('string');
        expect(typeof answer.message).toBe('string');
        expect(LEAK.test(JSON.stringify(answer))).toBe(false);
      }),
      { numRuns: 80, seed: SEED },
    );
    expect(socket.connected).toBe(true);
  });

  it('a join just under the 64 KB message limit is refused by validation; one over it drops only that socket', async () => {
    const under = (await socket
      .timeout(3000)
      .emitWithAck('board:join', { boardId: 'x'.repeat(60_000), after: -1 })) as { error?: string };
    expect(under.error).toBe('ValidationFailed');
    // Built without reconnection (setting io.opts later does not stop the manager from retrying).
    const victim = io(server.url, {
      auth: { token: client.token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    await new Promise<void>((resolve) => victim.once('connect', () => resolve()));
    const dropped = new Promise<string>((resolve) => victim.once('disconnect', resolve));
    victim.emit('board:join', { boardId: DEMO_BOARD, after: -1, padding: 'x'.repeat(100_000) });
    await dropped;
    expect(socket.connected).toBe(true);
    expect(
      await socket.timeout(3000).emitWithAck('board:join', { boardId: DEMO_BOARD, after: head }),
    ).toEqual({
      revision: head,
    });
  });
});

it('random login bodies are 4xx, never 5xx (run last: its failures may lock this address)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(hostileMessage, fc.record({ username: hostileMessage, password: hostileMessage })),
      async (body) => {
        const res = await rawRequest(server.url, {
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body) ?? 'null',
        });
        expect([res.status, refusalProblem(res)]).toEqual([res.status, undefined]);
      },
    ),
    { numRuns: 60, seed: SEED },
  );
});

it('the server is still up, healthy and logged no error', async () => {
  expect(isRunning(server.child)).toBe(true);
  expect((await rawRequest(server.url, { path: '/api/health' })).status).toBe(200);
  expect(server.logs.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  expect(counts.runs).toBeGreaterThanOrEqual(300);
});
