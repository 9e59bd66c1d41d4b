/** @jest-environment node */
import { mulberry32, testActors, type CommandType, type RecordedEvent } from '@selaras/shared';
import { BoardSync, type PendingCommand } from './board-sync';
import { DomainServer } from './testing/domain-server';

const me = testActors.dinkes;
// The other person is Bappeda: the role matrix lets an OPD change only its own programs.
const other = testActors.sekretariat;
const NOW = '2025-02-14T03:10:00.000Z';

function boardWithPrograms() {
  const server = new DomainServer();
  server.execute(me, 'ProposeProgram', {
    programId: 'p-kes',
    code: '1.02.02',
    title: 'Program Kesehatan',
    opdId: 'dinkes',
  });
  server.execute(other, 'ProposeProgram', {
    programId: 'p-pend',
    code: '1.01.02',
    title: 'Program Pendidikan',
    opdId: 'disdik',
  });
  return server;
}

/** Sends one pending command to the server and hands the answer back, as BoardConnection does. */
function send(server: DomainServer, sync: BoardSync, pending: PendingCommand) {
  sync.markSending(pending.commandId);
  const answer = server.execute(me, pending.type, pending.data, pending.commandId, pending.baseRevision);
  if (answer.status === 200) sync.accepted(pending.commandId, answer);
  else if (answer.status === 409) sync.conflicted(pending.commandId, answer.conflicts);
  else sync.rejected(pending.commandId);
  return answer;
}

function propose(sync: BoardSync, type: CommandType, data: unknown, id: string): PendingCommand {
  const result = sync.propose(type, data, id, NOW);
  if (!result.ok) throw new Error(`${type} refused: ${result.error.code}`);
  return result.pending;
}

describe('BoardSync', () => {
  describe('optimistic commands', () => {
    it('shows a move at once, before the server confirms it', () => {
      const server = boardWithPrograms();
      const sync = new BoardSync(server.snapshot(), me);
      propose(sync, 'MoveProgram', { programId: 'p-kes', toColumnId: 'telaah-bappeda' }, 'c-1');
      expect(sync.view.programs['p-kes']!.columnId).toBe('telaah-bappeda');
      expect(sync.confirmed.programs['p-kes']!.columnId).toBe('usulan-opd');
      expect(sync.pending).toHaveLength(1);
    });

    it('refuses at once what the shared rules refuse, and queues nothing', () => {
      const sync = new BoardSync(boardWithPrograms().snapshot(), me);
      const unknownCode = sync.propose(
        'ProposeProgram',
        { code: '9.99.99', title: 'Kode karangan', opdId: 'dinkes' },
        'c-1',
        NOW,
      );
      expect(unknownCode).toMatchObject({ ok: false, error: { code: 'UnknownCode' } });
      const invalid = sync.propose(
        'ReviseProgram',
        { programId: 'p-kes', changes: { pagu: { '2026': -5 } } },
        'c-2',
        NOW,
      );
      expect(invalid).toMatchObject({ ok: false, error: { code: 'ValidationFailed' } });
      expect(invalid.ok === false && invalid.issues[0]?.path).toBe('changes.pagu.2026');
      expect(sync.pending).toHaveLength(0);
    });

    it('leaves the queue when its own event comes back, and the view is the confirmed state again', () => {
      const server = boardWithPrograms();
      const sync = new BoardSync(server.snapshot(), me);
      const pending = propose(
        sync,
        'ReviseProgram',
        { programId: 'p-kes', changes: { title: 'Program Kesehatan Masyarakat' } },
        'c-1',
      );
      const answer = server.execute(me, pending.type, pending.data, pending.commandId, pending.baseRevision);
      if (answer.status !== 200) throw new Error('expected 200');
      sync.receive(answer.events); // the socket brought it before the HTTP answer
      expect(sync.pending).toHaveLength(0);
      expect(sync.view).toBe(sync.confirmed);
      sync.accepted(pending.commandId, answer); // the HTTP answer, later: nothing applied twice
      expect(sync.revision).toBe(server.revision);
      expect(sync.view).toEqual(server.state);
    });

    it('keeps an accepted command in the view until every one of its events is confirmed', () => {
      const server = boardWithPrograms();
      const sync = new BoardSync(server.snapshot(), me);
      // Someone else's event is in flight on the socket; my answer comes first.
      const theirs = server.execute(other, 'CommentOnProgram', { programId: 'p-pend', text: 'Catatan' });
      const mine = propose(sync, 'MoveProgram', { programId: 'p-kes', toColumnId: 'telaah-bappeda' }, 'c-1');
      const answer = server.execute(me, mine.type, mine.data, mine.commandId, mine.baseRevision);
      if (answer.status !== 200 || theirs.status !== 200) throw new Error('expected 200');
      const result = sync.accepted(mine.commandId, answer);
      expect(result).toEqual({ applied: 0, gap: true });
      expect(sync.view.programs['p-kes']!.columnId).toBe('telaah-bappeda'); // no flicker back
      sync.receive(theirs.events);
      expect(sync.pending).toHaveLength(0);
      expect(sync.view).toEqual(server.state);
    });
  });

  describe('server events', () => {
    it('folds out-of-order events in revision order', () => {
      const server = boardWithPrograms();
      const sync = new BoardSync(server.snapshot(), me);
      const a = server.execute(other, 'MoveProgram', { programId: 'p-pend', toColumnId: 'telaah-bappeda' });
      const b = server.execute(other, 'MoveProgram', { programId: 'p-pend', toColumnId: 'ditunda' });
      if (a.status !== 200 || b.status !== 200) throw new Error('expected 200');
      expect(sync.receive(b.events)).toEqual({ applied: 0, gap: true });
      expect(sync.receive(a.events)).toEqual({ applied: 2, gap: false });
      expect(sync.view.programs['p-pend']!.columnId).toBe('ditunda');
      expect(sync.view).toEqual(server.state);
    });

    it('reports a gap and waits; the missing events fill it', () => {
      const server = boardWithPrograms();
      const sync = new BoardSync(server.snapshot(), me);
      const from = server.revision;
      for (const text of ['satu', 'dua', 'tiga'])
        server.execute(other, 'CommentOnProgram', { programId: 'p-pend', text });
      const missed = server.events.slice(from + 1);
      expect(sync.receive(missed.slice(2))).toEqual({ applied: 0, gap: true });
      expect(sync.revision).toBe(from);
      expect(sync.receive(missed)).toEqual({ applied: 3, gap: false });
      expect(sync.view).toEqual(server.state);
    });

    it('ignores duplicates and events it already holds', () => {
      const server = boardWithPrograms();
      const sync = new BoardSync(server.snapshot(), me);
      const a = server.execute(other, 'CommentOnProgram', { programId: 'p-pend', text: 'sekali' });
      if (a.status !== 200) throw new Error('expected 200');
      expect(sync.receive([...a.events, ...a.events]).applied).toBe(1);
      expect(sync.receive(a.events)).toEqual({ applied: 0, gap: false });
      expect(sync.receive(server.events)).toEqual({ applied: 0, gap: false });
      expect(sync.view.programs['p-pend']!.comments).toHaveLength(1);
    });

    it('rebases pending edits on remote events: both show, mine on top', () => {
      const server = boardWithPrograms();
      const sync = new BoardSync(server.snapshot(), me);
      propose(
        sync,
        'ReviseProgram',
        { programId: 'p-kes', changes: { title: 'Judul saya', pagu: { '2026': 1_000_000 } } },
        'c-1',
      );
      const theirs = server.execute(other, 'ReviseProgram', {
        programId: 'p-kes',
        changes: { notes: 'Catatan mereka', pagu: { '2027': 2_000_000 } },
      });
      if (theirs.status !== 200) throw new Error('expected 200');
      sync.receive(theirs.events);
      const program = sync.view.programs['p-kes']!;
      expect(program).toMatchObject({
        title: 'Judul saya',
        notes: 'Catatan mereka',
        pagu: { '2026': 1_000_000, '2027': 2_000_000 },
      });
      expect(sync.confirmed.programs['p-kes']!.title).toBe('Program Kesehatan');
    });

    it('keeps what no event touched by identity (a remote event does not re-render every card)', () => {
      const server = boardWithPrograms();
      const sync = new BoardSync(server.snapshot(), me);
      const before = sync.view;
      const a = server.execute(other, 'CommentOnProgram', { programId: 'p-pend', text: 'x' });
      if (a.status !== 200) throw new Error('expected 200');
      sync.receive(a.events);
      expect(sync.view.programs['p-kes']).toBe(before.programs['p-kes']);
      expect(sync.view.programs['p-pend']).not.toBe(before.programs['p-pend']);
      expect(sync.view.columns[0]).toBe(before.columns[0]);
    });
  });

  describe('when the server says no', () => {
    it('a rejected pending command leaves the queue and the view', () => {
      const server = boardWithPrograms();
      const sync = new BoardSync(server.snapshot(), me);
      const mine = propose(
        sync,
        'ReviseProgram',
        { programId: 'p-kes', changes: { notes: 'Catatan saya' } },
        'c-1',
      );
      // Meanwhile Bappeda archived it: my edit no longer applies, the server refuses.
      const archived = server.execute(testActors.sekretariat, 'ArchiveProgram', { programId: 'p-kes' });
      if (archived.status !== 200) throw new Error('expected 200');
      sync.receive(archived.events);
      expect(sync.view.programs['p-kes']!.notes).toBe(''); // it no longer shows, the rules say why
      expect(send(server, sync, mine)).toMatchObject({ status: 400, error: 'ProgramArchived' });
      expect(sync.pending).toHaveLength(0);
      expect(sync.view).toEqual(server.state);
    });

    it('a conflict stays pending (and visible as mine) until the person chooses', () => {
      const server = boardWithPrograms();
      const sync = new BoardSync(server.snapshot(), me);
      const mine = propose(
        sync,
        'ReviseProgram',
        { programId: 'p-kes', changes: { title: 'Judul saya' } },
        'c-1',
      );
      const theirs = server.execute(other, 'ReviseProgram', {
        programId: 'p-kes',
        changes: { title: 'Judul mereka' },
      });
      expect(send(server, sync, mine).status).toBe(409);
      if (theirs.status === 200) sync.receive(theirs.events);
      expect(sync.pending[0]).toMatchObject({ status: 'conflict', conflicts: [{ meta: { actor: other } }] });
      expect(sync.nextToSend()).toBeUndefined();
      expect(sync.view.programs['p-kes']!.title).toBe('Judul saya');

      sync.resolve(mine.commandId, { type: 'ReviseProgram', data: mine.data }, NOW, 'c-2');
      const replacement = sync.nextToSend()!;
      expect(replacement).toMatchObject({
        commandId: 'c-2',
        baseRevision: server.revision,
        status: 'queued',
      });
      expect(send(server, sync, replacement).status).toBe(200);
      expect(sync.view).toEqual(server.state);
      expect(server.state.programs['p-kes']!.title).toBe('Judul saya');
    });

    it('choosing theirs drops the command', () => {
      const server = boardWithPrograms();
      const sync = new BoardSync(server.snapshot(), me);
      const mine = propose(sync, 'MoveProgram', { programId: 'p-kes', toColumnId: 'telaah-bappeda' }, 'c-1');
      sync.conflicted(mine.commandId, []);
      sync.resolve(mine.commandId, null, NOW, 'c-2');
      expect(sync.pending).toHaveLength(0);
      expect(sync.view).toBe(sync.confirmed);
    });
  });

  describe('offline and reconnect', () => {
    it('restores a saved queue; a command that was on the wire is sent again with the same id', () => {
      const server = boardWithPrograms();
      const first = new BoardSync(server.snapshot(), me);
      const mine = propose(first, 'CommentOnProgram', { programId: 'p-kes', text: 'Dari kereta' }, 'c-1');
      first.markSending(mine.commandId);
      server.execute(me, mine.type, mine.data, mine.commandId, mine.baseRevision); // the answer was lost
      const saved = JSON.parse(JSON.stringify(first.pending)) as PendingCommand[];

      const reloaded = new BoardSync(server.snapshot(), me, saved);
      const again = reloaded.nextToSend()!;
      expect(again.commandId).toBe('c-1');
      // The server already has it (the snapshot includes it): the queue drops it on the idempotent answer.
      send(server, reloaded, again);
      expect(reloaded.pending).toHaveLength(0);
      expect(reloaded.view.programs['p-kes']!.comments).toHaveLength(1);
    });

    it('queues commands made offline, sends them in order on reconnect, and catches up on what it missed', () => {
      const server = boardWithPrograms();
      const sync = new BoardSync(server.snapshot(), me);
      const a = propose(sync, 'MoveProgram', { programId: 'p-kes', toColumnId: 'telaah-bappeda' }, 'c-1');
      const b = propose(
        sync,
        'ReviseProgram',
        { programId: 'p-kes', changes: { notes: 'Ditulis luring' } },
        'c-2',
      );
      // While offline others worked on; the socket missed all of it.
      server.execute(other, 'MoveProgram', { programId: 'p-pend', toColumnId: 'ditunda' });
      server.execute(other, 'ReviseProgram', {
        programId: 'p-pend',
        changes: { title: 'Program Pendidikan Dasar' },
      });
      expect(sync.nextToSend()).toBe(a);
      send(server, sync, a);
      expect(sync.nextToSend()?.commandId).toBe(b.commandId);
      send(server, sync, b);
      // The join after reconnect sends everything after the revision the client holds.
      sync.receive(server.events.slice(sync.revision + 1));
      expect(sync.pending).toHaveLength(0);
      expect(sync.view).toEqual(server.state);
    });
  });

  it('converges to the server from any delivery order, with duplicates and drops (200 random runs)', () => {
    for (let run = 0; run < 200; run++) {
      const random = mulberry32(run + 1);
      const server = boardWithPrograms();
      let retries = 0;
      const sync = new BoardSync(server.snapshot(), me, [], () => `retry-${run}-${++retries}`);
      const inFlight: RecordedEvent[] = [];
      const columns = server.state.columns.map((c) => c.id);
      for (let step = 0; step < 12; step++) {
        const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
        const program = pick(['p-kes', 'p-pend']);
        if (random() < 0.5) {
          const answer = server.execute(other, 'MoveProgram', {
            programId: program,
            toColumnId: pick(columns),
          });
          if (answer.status === 200) inFlight.push(...answer.events);
        } else {
          const result = sync.propose(
            'ReviseProgram',
            { programId: 'p-kes', changes: { notes: `catatan ${step}` } },
            `c-${run}-${step}`,
            NOW,
          );
          if (result.ok && random() < 0.7) send(server, sync, result.pending);
        }
        // Deliver some of what is in flight, shuffled, sometimes twice; some is lost until the catch-up.
        while (inFlight.length > 0 && random() < 0.6) {
          const event = inFlight.splice(Math.floor(random() * inFlight.length), 1)[0]!;
          if (random() < 0.8) sync.receive([event]);
          if (random() < 0.2) sync.receive([event]);
        }
      }
      let sends = 0;
      for (let p = sync.nextToSend(); p; p = sync.nextToSend()) {
        if (++sends > 50) throw new Error(`run ${run}: still sending ${JSON.stringify(p)}`);
        send(server, sync, p);
      }
      sync.receive(server.events.slice(sync.revision + 1)); // the reconnect catch-up
      expect(sync.pending).toHaveLength(0);
      expect(sync.view).toEqual(server.state);
    }
  });

  it('queues a revert without a preview: only the server has the past it needs', () => {
    const server = boardWithPrograms();
    const sync = new BoardSync(server.snapshot(), me);
    const renamed = server.execute(me, 'ReviseProgram', {
      programId: 'p-kes',
      changes: { title: 'Judul sementara' },
    });
    if (renamed.status !== 200) throw new Error('expected 200');
    sync.receive(renamed.events);
    const revert = sync.propose(
      'RevertProgram',
      {
        programId: 'p-kes',
        toRevision: renamed.events[0]!.revision - 1,
        parts: ['title'],
        reason: 'Salah ketik',
      },
      'c-revert',
      NOW,
    );
    expect(revert.ok).toBe(true);
    expect(sync.view.programs['p-kes']!.title).toBe('Judul sementara');
    const answer = server.execute(
      me,
      'RevertProgram',
      (revert as { pending: PendingCommand }).pending.data,
      'c-revert',
    );
    expect(answer.status).toBe(200);
    if (answer.status === 200) sync.accepted('c-revert', answer);
    expect(sync.view.programs['p-kes']!.title).toBe('Program Kesehatan');
    expect(sync.pending).toHaveLength(0);
  });
});
