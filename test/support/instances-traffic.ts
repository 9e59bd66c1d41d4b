import { randomUUID } from 'node:crypto';
import { type RecordedEvent, canonicalJson } from '@selaras/shared';
import type { ApiClient } from './api-client';

export const DEMO_BOARD = 'banyuasin-2025-2029';
/** Programs of the demo board that comments go to. */
export const DEMO_PROGRAMS = ['dinkes-1-02-02', 'disdik-1-01-02', 'putr-1-03-10'];

export interface Sent {
  commandId: string;
  /** The instance that gave the final answer. */
  via: number;
  status: number;
  body: { revision?: number; events?: RecordedEvent[]; error?: string };
}

/**
 * A burst of comments on one board through several instances at once: `workers` clients, each sending
 * its next command as soon as the last is answered, round-robin over the instances, each with the
 * latest revision any answer reported as its base (what a browser does). A request that fails at the
 * network level (its instance was killed) is sent again with the same commandId to the next instance,
 * as a client retries.
 */
export async function burst(
  clients: readonly ApiClient[],
  boardId: string,
  total: number,
  options: { workers?: number; base?: number; label?: string; onSent?: (count: number) => void } = {},
): Promise<Sent[]> {
  const workers = options.workers ?? 12;
  let base = options.base ?? -1;
  let next = 0;
  const sent: Sent[] = [];
  const worker = async (w: number) => {
    for (let i = next++; i < total; i = next++) {
      const commandId = randomUUID();
      const data = {
        programId: DEMO_PROGRAMS[i % DEMO_PROGRAMS.length],
        text: `${options.label ?? 'Uji'} ${i}`,
      };
      for (let attempt = 0; ; attempt++) {
        const via = (w + i + attempt) % clients.length;
        try {
          const res = await clients[via]!.command(boardId, 'CommentOnProgram', data, base, commandId);
          const body = res.body as Sent['body'];
          if (res.status === 200 && typeof body.revision === 'number') base = Math.max(base, body.revision);
          sent.push({ commandId, via, status: res.status, body });
          options.onSent?.(sent.length);
          break;
        } catch (error) {
          if (attempt >= clients.length * 2) throw error;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  return sent;
}

/** Each 200 answer's events are stored exactly as answered, and no command id is stored twice. */
export function checkAnswersStored(sent: readonly Sent[], stored: readonly RecordedEvent[]): string[] {
  const problems: string[] = [];
  const byId = new Map(stored.map((e) => [e.id, e]));
  const perCommand = new Map<string, number>();
  for (const e of stored) perCommand.set(e.meta.commandId, (perCommand.get(e.meta.commandId) ?? 0) + 1);
  for (const answer of sent) {
    if (answer.status !== 200) continue;
    for (const event of answer.body.events ?? []) {
      const found = byId.get(event.id);
      if (!found) problems.push(`answered event ${event.revision} (${answer.commandId}) is not stored`);
      else if (canonicalJson(found) !== canonicalJson(event))
        problems.push(`answered event ${event.revision} differs from the stored one`);
    }
    if ((perCommand.get(answer.commandId) ?? 0) > 1)
      problems.push(`command ${answer.commandId} stored ${perCommand.get(answer.commandId)} times`);
  }
  return problems;
}
