import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { type Actor, type RecordedEvent, DEMO_BOARD_ID, demoBoardSteps, testActors } from '@selaras/shared';
import pino from 'pino';
import { fullNomenclature } from '../../../shared/src/testing/full-nomenclature.spec-helper';
import type { AppConfig } from '../config/config';
import type { EventStore } from '../event-store/event-store.port';
import { SqliteEventStore } from '../event-store/sqlite-event-store';
import { BoardsService } from './boards.service';
import { boardStream, toRecorded } from './recorded';

export const BOARD = DEMO_BOARD_ID;
export const PROGRAMS = ['dinkes-1-02-02', 'disdik-1-01-02', 'putr-1-03-10'];

/** The service outside Nest, on a given store: the same code path the HTTP controller uses. */
export async function startService(
  store: EventStore,
  dir: string,
  snapshotEvery = 1000,
): Promise<BoardsService> {
  const config = { snapshotDir: path.join(dir, 'snapshots'), snapshotEvery } as AppConfig;
  const service = new BoardsService(store, config, pino({ level: 'silent' }));
  await service.onModuleInit();
  return service;
}

/** A service on its own connection to the SQLite file in `dir` (a second server process would have one). */
export async function sqliteService(dir: string, snapshotEvery = 1000) {
  const store = new SqliteEventStore({ filename: path.join(dir, 'selaras.sqlite'), foreignPollMs: 5 });
  return { store, service: await startService(store, dir, snapshotEvery) };
}

export async function seed(service: BoardsService): Promise<void> {
  for (const step of demoBoardSteps(fullNomenclature())) {
    const outcome = await service.run(BOARD, step.type, step.data, testActors.sekretariat);
    if (outcome.status !== 200) throw new Error(JSON.stringify(outcome.body));
  }
}

export function comment(
  text: string,
  baseRevision: number,
  programId = PROGRAMS[0]!,
  commandId = randomUUID(),
) {
  return { commandId, type: 'CommentOnProgram', baseRevision, data: { programId, text } };
}

export function revise(
  notes: string,
  baseRevision: number,
  programId = PROGRAMS[0]!,
  commandId = randomUUID(),
) {
  return { commandId, type: 'ReviseProgram', baseRevision, data: { programId, changes: { notes } } };
}

export async function storedEvents(store: EventStore, boardId = BOARD): Promise<RecordedEvent[]> {
  return (await store.readStream(boardStream(boardId))).map(toRecorded);
}

/** Every batch the service hands to its live listeners for one board, flattened. */
export function listen(service: BoardsService, boardId = BOARD): RecordedEvent[] {
  const received: RecordedEvent[] = [];
  service.onCommitted((id, events) => {
    if (id === boardId) received.push(...events);
  });
  return received;
}

export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Sends `count` commands through the services in turn, `workers` at a time, each with the latest base. */
export async function burst(
  services: readonly BoardsService[],
  count: number,
  actor: Actor = testActors.sekretariat,
  workers = 8,
): Promise<Array<{ commandId: string; status: number; body: unknown }>> {
  let next = 0;
  let base = -1;
  const answers: Array<{ commandId: string; status: number; body: unknown }> = [];
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = next++; i < count; i = next++) {
        const envelope = comment(`Beban ${i}`, base, PROGRAMS[i % PROGRAMS.length]);
        const outcome = await services[(w + i) % services.length]!.execute(BOARD, envelope, actor);
        if (outcome.status === 200) base = Math.max(base, (outcome.body as { revision: number }).revision);
        answers.push({ commandId: envelope.commandId, status: outcome.status, body: outcome.body });
      }
    }),
  );
  return answers;
}
