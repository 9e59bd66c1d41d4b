import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BoardEvent, chainEvents, testActors, verifyChain } from '@selaras/shared';
import type { EventStore } from '../event-store/event-store.port';
import {
  BOARD,
  PROGRAMS,
  comment,
  listen,
  revise,
  seed,
  sqliteService,
  storedEvents,
  until,
} from './boards.spec-helper';
import { nodeSha256 } from './node-sha256';
import { boardStream, toAppend } from './recorded';

/** An event chained onto the board's stored head, appended as another writer would (same tick). */
async function foreignAppend(store: EventStore, event: BoardEvent, boardId = BOARD) {
  const [head] = await store.readStream(boardStream(boardId), { direction: 'backwards', maxCount: 1 });
  const [recorded] = chainEvents(
    [event],
    { revision: Number(head!.revision), hash: (head!.meta as { hash: string }).hash },
    { actor: testActors.dinkes, at: new Date().toISOString(), commandId: randomUUID() },
    randomUUID,
    nodeSha256,
  );
  return {
    recorded: recorded!,
    appended: store.appendToStream(boardStream(boardId), [toAppend(recorded!)], {
      expectedRevision: head!.revision,
    }),
  };
}

const foreignComment = (text: string): BoardEvent => ({
  type: 'ProgramCommented',
  data: { programId: PROGRAMS[1]!, commentId: randomUUID(), text },
});

describe('BoardsService: recovery', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'selaras-recovery-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('never stores a command queued behind an append that lost to another writer on top of it', async () => {
    const { store, service } = await sqliteService(dir);
    await seed(service);
    const base = service.board(BOARD).state.revision;
    // The other writer's append reaches the store first; ours were decided on the old head.
    const foreign = await foreignAppend(store, foreignComment('Lebih dulu'));
    const ours = [0, 1, 2].map((i) =>
      service.execute(BOARD, comment(`Kami ${i}`, base), testActors.sekretariat),
    );
    await foreign.appended;
    const answers = await Promise.all(ours);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const stored = await storedEvents(store);
    expect(verifyChain(stored)).toMatchObject({ ok: true, headRevision: base + 4 });
    expect(stored[base + 1]!.id).toBe(foreign.recorded.id);
    await service.onApplicationShutdown();
    await store.close();
  });

  it('after a restart from a snapshot, a command based before the snapshot merges or conflicts as before', async () => {
    const first = await sqliteService(dir);
    await seed(first.service);
    const base = first.service.board(BOARD).state.revision;
    const changed = await first.service.execute(BOARD, revise('Diubah', base), testActors.dinkes);
    await first.service.onApplicationShutdown(); // snapshot after the change
    await first.store.close();
    const second = await sqliteService(dir);
    // Merges: a field nobody changed since its base (even one from before the snapshot, or -1).
    const merged = await second.service.execute(BOARD, comment('Dari dulu', -1), testActors.sekretariat);
    expect(merged.status).toBe(200);
    // Conflicts: the same field, changed after its base, before the snapshot (the key index came along).
    const conflict = await second.service.execute(BOARD, revise('Versi lain', base), testActors.sekretariat);
    expect(conflict.status).toBe(409);
    expect((conflict.body as { conflicts: Array<{ id: string }> }).conflicts.map((e) => e.id)).toEqual(
      (changed.body as { events: Array<{ id: string }> }).events.map((e) => e.id),
    );
    await second.service.onApplicationShutdown();
    await second.store.close();
  });

  it('discards a snapshot ahead of the store (a restored backup) and writes on from the store', async () => {
    const first = await sqliteService(dir);
    await seed(first.service);
    await first.service.onApplicationShutdown();
    await first.store.close();
    const backup = path.join(dir, 'cadangan.sqlite');
    copyFileSync(path.join(dir, 'selaras.sqlite'), backup);
    const second = await sqliteService(dir);
    const backupRevision = second.service.board(BOARD).state.revision;
    for (let i = 0; i < 3; i++)
      await second.service.execute(BOARD, comment(`Hilang ${i}`, -1), testActors.sekretariat);
    await second.service.onApplicationShutdown(); // a snapshot 3 events ahead of the backup
    await second.store.close();
    const restored = mkdtempSync(path.join(os.tmpdir(), 'selaras-restored-'));
    try {
      copyFileSync(backup, path.join(restored, 'selaras.sqlite'));
      mkdirSync(path.join(restored, 'snapshots'));
      copyFileSync(
        path.join(dir, 'snapshots', `${BOARD}.json`),
        path.join(restored, 'snapshots', `${BOARD}.json`),
      );
      const third = await sqliteService(restored);
      expect(third.service.board(BOARD).state.revision).toBe(backupRevision);
      const next = await third.service.execute(
        BOARD,
        comment('Sesudah pemulihan', backupRevision),
        testActors.sekretariat,
      );
      expect([next.status, (next.body as { revision: number }).revision]).toEqual([200, backupRevision + 1]);
      expect(verifyChain(await storedEvents(third.store))).toMatchObject({ ok: true });
      await third.service.onApplicationShutdown();
      await third.store.close();
    } finally {
      rmSync(restored, { recursive: true, force: true });
    }
  });

  it('an event the fold refuses stops only its board, which reads as before it and refuses commands', async () => {
    const { store, service } = await sqliteService(dir);
    await seed(service);
    const other = 'papan-lain';
    const created = await service.run(
      other,
      'CreateBoard',
      {
        boardId: other,
        title: 'Papan Lain',
        nomenclatureVersion: 'kepmendagri-050-5889-2021/program-sample-1',
        columns: [{ id: 'usulan-opd', title: 'Usulan OPD' }],
        opds: [{ id: 'dinkes', name: 'Dinas Kesehatan', short: 'Dinkes' }],
        referenceLists: [],
      },
      testActors.sekretariat,
    );
    expect(created.status).toBe(200);
    const good = service.board(BOARD).state;
    const goodJson = JSON.stringify(good);
    const live = listen(service, other);
    const bad = await foreignAppend(store, {
      type: 'ProgramMoved',
      data: {
        programId: PROGRAMS[0]!,
        fromColumnId: 'usulan-opd',
        toColumnId: 'tidak-ada',
        rank: 'a0',
        fromRank: 'a0',
      },
    });
    await bad.appended;
    await until(() => service.unhealthyBoards().length === 1);
    expect(service.unhealthyBoards()).toEqual([
      expect.objectContaining({ boardId: BOARD, revision: bad.recorded.revision }),
    ]);
    await until(() => {
      try {
        return JSON.stringify(service.board(BOARD).state) === goodJson;
      } catch {
        return false; // being rebuilt
      }
    });
    await expect(service.execute(BOARD, comment('Sesudah', -1), testActors.sekretariat)).rejects.toEqual(
      expect.objectContaining({ status: 503, body: expect.objectContaining({ error: 'BoardUnhealthy' }) }),
    );
    const proposed = await service.run(
      other,
      'ProposeProgram',
      {
        code: '1.02.02',
        title: 'Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat',
        opdId: 'dinkes',
      },
      testActors.sekretariat,
    );
    expect(proposed.status).toBe(200);
    await until(() => live.length === 1);
    await service.onApplicationShutdown();
    await store.close();
    // A restart stops at the same event and loads the rest.
    const again = await sqliteService(dir);
    expect(again.service.unhealthyBoards().map((b) => b.revision)).toEqual([bad.recorded.revision]);
    expect(JSON.stringify(again.service.board(BOARD).state)).toBe(goodJson);
    expect(again.service.board(other).state.revision).toBe(1);
    await again.service.onApplicationShutdown();
    await again.store.close();
  });
});
