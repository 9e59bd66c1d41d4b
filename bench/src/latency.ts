import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { type BenchResult, nowMs, percentile, sleep } from './harness';
import { getJson, login, postJson } from './http-client';
import { ROOT, connectClients, spawnNode, startSelaras } from './processes';

export interface LatencyOptions {
  clients: number;
  rate: number;
  count: number;
}

/**
 * Sends `count` messages at `rate`/s; a message's latency is from its send to the moment the last of
 * the sockets received it. `send(seq)` starts message `seq`; `seqsOf(payload)` names the messages a
 * received batch carries.
 */
export async function measure(
  sockets: Socket[],
  options: LatencyOptions,
  send: (seq: number) => void,
  seqsOf: (payload: unknown) => number[],
): Promise<{ p50: number; p99: number; max: number; delivered: number }> {
  const sentAt: number[] = [];
  const seen = new Array<number>(options.count).fill(0);
  const latencies: number[] = [];
  for (const socket of sockets) {
    socket.on('board:events', (payload: unknown) => {
      const at = nowMs();
      for (const seq of seqsOf(payload)) {
        if (seq < 0 || seq >= options.count) continue;
        if (++seen[seq]! === sockets.length) latencies.push(at - sentAt[seq]!);
      }
    });
  }
  const start = nowMs();
  for (let seq = 0; seq < options.count; seq++) {
    const due = start + (seq * 1000) / options.rate;
    const wait = due - nowMs();
    if (wait > 0) await sleep(wait);
    sentAt[seq] = nowMs();
    send(seq);
  }
  const deadline = nowMs() + 10_000;
  while (latencies.length < options.count && nowMs() < deadline) await sleep(20);
  for (const socket of sockets) socket.off('board:events');
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    delivered: latencies.length,
  };
}

const PAYLOAD_TEXT = 'x'.repeat(300);

/** The raw limit: a bare Socket.IO broadcast to the same number of clients, same topology. */
export async function rawBroadcast(options: LatencyOptions) {
  const server = await spawnNode(
    path.join(ROOT, 'bench', 'dist', 'raw-io-server.js'),
    {},
    (l) => l.msg === 'raw-ready',
  );
  const url = String(server.ready.url);
  try {
    const sockets = await connectClients(url, options.clients);
    const [trigger] = await connectClients(url, 1);
    // The trigger socket is also in the room; it is not counted among the receivers.
    const result = await measure(
      sockets,
      options,
      (seq) =>
        trigger!.emit('trigger', {
          boardId: 'raw',
          events: [
            {
              id: randomUUID(),
              type: 'ProgramCommented',
              revision: seq,
              data: { seq, text: PAYLOAD_TEXT },
              meta: {},
            },
          ],
        }),
      (payload) => (payload as { events: Array<{ data: { seq: number } }> }).events.map((e) => e.data.seq),
    );
    [...sockets, trigger!].forEach((s) => s.disconnect());
    return result;
  } finally {
    await server.stop();
  }
}

/** Command-to-screen: HTTP command sent → its event received by every one of the sockets. */
export async function commandToScreen(options: LatencyOptions) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'selaras-bench-latency-'));
  // 50 commands/s from four users stays under the per-user limit; off anyway, so it never skews a figure.
  // Hundreds of sockets of four users join at once: past the per-user join limit, so it is off too.
  const server = await startSelaras(dataDir, { SELARAS_COMMAND_RATE: '0', SELARAS_JOIN_RATE: '0' });
  try {
    const board = 'banyuasin-2025-2029';
    const tokens = await Promise.all(
      ['dinkes', 'disdik', 'putr', 'sekretariat'].map((u) => login(server.url, u)),
    );
    const sockets: Socket[] = [];
    for (let i = 0; i < options.clients; i++) {
      const [socket] = await connectClients(server.url, 1, { token: tokens[i % tokens.length]! });
      sockets.push(socket!);
    }
    const head = ((await getJson(`${server.url}/api/boards/${board}`, tokens[3]!)) as { revision: number })
      .revision;
    await Promise.all(
      sockets.map(
        (s) =>
          new Promise<void>((resolve) =>
            s.emit('board:join', { boardId: board, after: head }, () => resolve()),
          ),
      ),
    );
    const seqOf = new Map<string, number>();
    let base = head;
    let failures = 0;
    const result = await measure(
      sockets,
      options,
      (seq) => {
        const commandId = randomUUID();
        seqOf.set(commandId, seq);
        void postJson(
          `${server.url}/api/boards/${board}/commands`,
          {
            commandId,
            type: 'CommentOnProgram',
            baseRevision: base,
            data: { programId: 'dinkes-1-02-02', text: `Komentar ${seq} ${PAYLOAD_TEXT}` },
          },
          tokens[3],
        ).then((res) => {
          if (res.status === 200) base = Math.max(base, (res.body as { revision: number }).revision);
          else failures++;
        });
      },
      (payload) =>
        (payload as { events: Array<{ meta: { commandId: string } }> }).events.map(
          (e) => seqOf.get(e.meta.commandId) ?? -1,
        ),
    );
    sockets.forEach((s) => s.disconnect());
    return { ...result, failures };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function latencyBenchmarks(): Promise<BenchResult[]> {
  const options = { clients: 200, rate: 50, count: 500 };
  const raw = await rawBroadcast(options);
  const real = await commandToScreen(options);
  const goal = 2 * raw.p99 + 5;
  return [
    {
      name: 'command→screen p50 (200 sockets, 50 cmd/s)',
      figure: real.p50,
      unit: 'ms',
      raw: { name: 'raw Socket.IO broadcast p50', value: raw.p50, unit: 'ms' },
    },
    {
      name: 'command→screen p99 (200 sockets, 50 cmd/s)',
      figure: real.p99,
      unit: 'ms',
      raw: { name: 'raw Socket.IO broadcast p99', value: raw.p99, unit: 'ms' },
      goal: `≤ 2×raw + 5 ms = ${goal.toFixed(1)} ms`,
      pass: real.p99 <= goal,
      details: {
        delivered: real.delivered,
        sent: options.count,
        failedCommands: real.failures,
        max: real.max,
        rawMax: raw.max,
      },
    },
  ];
}
