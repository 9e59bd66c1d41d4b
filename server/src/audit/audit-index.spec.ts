import { type RecordedEvent, mulberry32 } from '@selaras/shared';
import { type AuditFilter, AuditIndex } from './audit-index';
import { randomHistory } from './random-history.spec-helper';

const events = randomHistory(3, 500);

/** The reference answer: filter the events themselves, newest first. */
function naive(filter: AuditFilter, before: number): number[] {
  const opdOf = new Map<string, string>();
  const programOpd: Array<string | undefined> = [];
  for (const e of events) {
    const d = e.data as { programId?: string; opdId?: string; changes?: { opdId?: string } };
    if (e.type === 'ProgramProposed') opdOf.set(d.programId!, d.opdId!);
    if (e.type === 'ProgramRevised' && d.changes?.opdId) opdOf.set(d.programId!, d.changes.opdId);
    programOpd.push(d.programId ? opdOf.get(d.programId) : undefined);
  }
  const ok = (e: RecordedEvent) => {
    const programId = (e.data as { programId?: string }).programId;
    const at = Date.parse(e.meta.at);
    return (
      (!filter.types || filter.types.includes(e.type)) &&
      (!filter.actors || filter.actors.includes(e.meta.actor.id)) &&
      (!filter.programs || (programId !== undefined && filter.programs.includes(programId))) &&
      (!filter.opds ||
        filter.opds.includes(e.meta.actor.opdId ?? '') ||
        filter.opds.includes(programOpd[e.revision] ?? '')) &&
      (filter.from === undefined || at >= filter.from) &&
      (filter.to === undefined || at <= filter.to)
    );
  };
  return events
    .filter((e) => e.revision < before && ok(e))
    .map((e) => e.revision)
    .reverse();
}

describe('AuditIndex', () => {
  const index = new AuditIndex();
  index.append(events);
  const t = (r: number) => Date.parse(events[r]!.meta.at);

  it('pages through any filter exactly as filtering the events does', () => {
    const random = mulberry32(9);
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
    for (let round = 0; round < 100; round++) {
      const filter: AuditFilter = {};
      if (random() < 0.4)
        filter.types = [pick(['ProgramRevised', 'ProgramMoved', 'ProgramCommented', 'MeetingStarted'])];
      if (random() < 0.3) filter.actors = [pick(['u-dinkes', 'u-disdik', 'u-sekretariat'])];
      if (random() < 0.3) filter.opds = [pick(['dinkes', 'disdik', 'putr', 'bappeda'])];
      if (random() < 0.3) filter.programs = [pick(['dinkes-1-02-02', 'putr-1-03-10', 'nope'])];
      if (random() < 0.3) filter.from = t(Math.floor(random() * events.length));
      if (random() < 0.3) filter.to = t(Math.floor(random() * events.length));
      const limit = 1 + Math.floor(random() * 40);
      const got: number[] = [];
      let before = events.length;
      for (let pages = 0; pages < 1000; pages++) {
        const page = index.query(filter, before, limit);
        got.push(...page.revisions);
        if (!page.more) break;
        expect(page.revisions).toHaveLength(limit);
        before = page.revisions[page.revisions.length - 1]!;
      }
      expect(got).toEqual(naive(filter, events.length));
      expect(index.count(filter)).toBe(got.length);
      expect([...index.ascending(filter)]).toEqual([...got].reverse());
    }
  });

  it('finds the last revision at or before a time', () => {
    expect(index.revisionAt(t(0) - 1)).toBe(-1);
    expect(index.revisionAt(t(10))).toBe(10);
    expect(index.revisionAt(t(10) + 1)).toBe(10);
    expect(index.revisionAt(Date.parse('2100-01-01'))).toBe(events.length - 1);
  });

  it('lists every revision of a program and the meetings and milestones', () => {
    const programEvents = events.filter(
      (e) => (e.data as { programId?: string }).programId === 'dinkes-1-02-02',
    );
    expect(index.revisionsOf('dinkes-1-02-02')).toEqual(programEvents.map((e) => e.revision));
    expect(index.meetings.map((m) => m.startRevision)).toEqual(
      events.filter((e) => e.type === 'MeetingStarted').map((e) => e.revision),
    );
    expect(index.milestones.map((m) => m.revision)).toEqual(
      events.filter((e) => e.type === 'MilestoneMarked').map((e) => e.revision),
    );
  });

  it('takes live events in order, ignores repeats and refuses a gap', () => {
    const live = new AuditIndex();
    expect(live.append(events.slice(0, 10))).toBe(true);
    expect(live.append(events.slice(5, 12))).toBe(true);
    expect(live.next).toBe(12);
    expect(live.append(events.slice(20, 21))).toBe(false);
    expect(live.next).toBe(12);
  });

  it('counts who made the events in a range', () => {
    const counts = index.actorsBetween(-1, events.length - 1);
    expect(counts.reduce((n, c) => n + c.events, 0)).toBe(events.length);
  });
});
