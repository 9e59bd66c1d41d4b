import type { Actor, Meeting, Milestone, RecordedEvent } from '@selaras/shared';

/** What the audit log can be filtered by; every list is "any of". Times are epoch milliseconds. */
export interface AuditFilter {
  actors?: readonly string[];
  /** Matches the actor's OPD, or the OPD of the program the event is about (at that time). */
  opds?: readonly string[];
  programs?: readonly string[];
  types?: readonly string[];
  from?: number;
  to?: number;
}

/**
 * One board's events reduced to what the audit log filters on, one slot per revision (actor, OPDs,
 * program, type, time), plus the meetings and milestones of the timeline. Built once from the stream
 * and kept up to date from the live feed, so a page of the log scans small arrays instead of the
 * store, and only the events on the page are read.
 */
export class AuditIndex {
  private readonly type: number[] = [];
  private readonly actor: number[] = [];
  private readonly actorOpd: number[] = [];
  private readonly program: number[] = [];
  private readonly programOpd: number[] = [];
  private readonly at: number[] = [];
  /** The latest time up to each revision: non-decreasing even if the server clock once went back. */
  private readonly atMax: number[] = [];
  private readonly types = new Interner();
  private readonly actorIds = new Interner();
  private readonly opds = new Interner();
  private readonly programIds = new Interner();
  private readonly actorById = new Map<number, Actor>();
  private readonly opdOfProgram = new Map<number, number>();
  private readonly revisionsOfProgram = new Map<number, number[]>();
  private readonly meetingList: Meeting[] = [];
  private readonly milestoneList: Milestone[] = [];

  /** The next revision this index expects (its length). */
  get next(): number {
    return this.type.length;
  }

  get head(): number {
    return this.type.length - 1;
  }

  /** Adds events in revision order; ignores those it has. Returns false at a gap (the caller reads it). */
  append(events: readonly RecordedEvent[]): boolean {
    for (const event of events) {
      if (event.revision < this.next) continue;
      if (event.revision > this.next) return false;
      this.add(event);
    }
    return true;
  }

  timeOf(revision: number): string {
    return new Date(this.at[revision] ?? NaN).toISOString();
  }

  /** The last revision at or before `time` (ms), or -1 if the board did not exist yet. */
  revisionAt(time: number): number {
    let lo = 0;
    let hi = this.atMax.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.atMax[mid]! <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /**
   * Revisions matching the filter, newest first, below `before` (exclusive); at most `limit`.
   * `more` says whether an older match exists beyond them.
   */
  query(filter: AuditFilter, before: number, limit: number): { revisions: number[]; more: boolean } {
    const test = this.matcher(filter);
    const revisions: number[] = [];
    for (let r = Math.min(before, this.next) - 1; r >= 0; r--) {
      if (filter.from !== undefined && this.atMax[r]! < filter.from) break;
      if (!test(r)) continue;
      if (revisions.length === limit) return { revisions, more: true };
      revisions.push(r);
    }
    return { revisions, more: false };
  }

  /** Matching revisions in [from, to], oldest first (exports). */
  *ascending(filter: AuditFilter, from = 0, to = this.head): Generator<number> {
    const test = this.matcher(filter);
    for (let r = Math.max(0, from); r <= Math.min(to, this.head); r++) if (test(r)) yield r;
  }

  count(filter: AuditFilter, from = 0, to = this.head): number {
    let n = 0;
    for (const _ of this.ascending(filter, from, to)) n++;
    return n;
  }

  /** Every revision that changed this program, oldest first. */
  revisionsOf(programId: string): readonly number[] {
    const id = this.programIds.find(programId);
    return id === undefined ? [] : (this.revisionsOfProgram.get(id) ?? []);
  }

  /** Who made the events in (after, upTo], with how many each. */
  actorsBetween(after: number, upTo: number): Array<{ actor: Actor; events: number }> {
    const counts = new Map<number, number>();
    for (let r = Math.max(0, after + 1); r <= Math.min(upTo, this.head); r++) {
      counts.set(this.actor[r]!, (counts.get(this.actor[r]!) ?? 0) + 1);
    }
    return [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([id, events]) => ({ actor: this.actorById.get(id)!, events }));
  }

  get meetings(): readonly Meeting[] {
    return this.meetingList;
  }

  get milestones(): readonly Milestone[] {
    return this.milestoneList;
  }

  private matcher(filter: AuditFilter): (revision: number) => boolean {
    const ids = (values: readonly string[] | undefined, interner: Interner) =>
      values && new Set(values.map((v) => interner.find(v) ?? -2));
    const actors = ids(filter.actors, this.actorIds);
    const opds = ids(filter.opds, this.opds);
    const programs = ids(filter.programs, this.programIds);
    const types = ids(filter.types, this.types);
    const { from, to } = filter;
    return (r) =>
      (!types || types.has(this.type[r]!)) &&
      (!actors || actors.has(this.actor[r]!)) &&
      (!programs || programs.has(this.program[r]!)) &&
      (!opds || opds.has(this.actorOpd[r]!) || opds.has(this.programOpd[r]!)) &&
      (from === undefined || this.at[r]! >= from) &&
      (to === undefined || this.at[r]! <= to);
  }

  private add(event: RecordedEvent): void {
    const { actor, at } = event.meta;
    const time = Date.parse(at);
    const actorId = this.actorIds.id(actor.id);
    this.actorById.set(actorId, actor);
    const data = event.data as { programId?: unknown; changes?: { opdId?: unknown }; opdId?: unknown };
    const programId = typeof data.programId === 'string' ? this.programIds.id(data.programId) : -1;
    if (programId >= 0) {
      // The program's OPD as of this event: a revision that moves it to another OPD counts for the new one.
      const opd = event.type === 'ProgramProposed' ? data.opdId : data.changes?.opdId;
      if (typeof opd === 'string') this.opdOfProgram.set(programId, this.opds.id(opd));
      const list = this.revisionsOfProgram.get(programId);
      if (list) list.push(event.revision);
      else this.revisionsOfProgram.set(programId, [event.revision]);
    }
    this.type.push(this.types.id(event.type));
    this.actor.push(actorId);
    this.actorOpd.push(actor.opdId === null ? -1 : this.opds.id(actor.opdId));
    this.program.push(programId);
    this.programOpd.push(programId >= 0 ? (this.opdOfProgram.get(programId) ?? -1) : -1);
    this.at.push(time);
    this.atMax.push(Math.max(time, this.atMax[this.atMax.length - 1] ?? -Infinity));
    this.timeline(event);
  }

  private timeline(event: RecordedEvent): void {
    const { actor, at } = event.meta;
    if (event.type === 'MeetingStarted') {
      this.meetingList.push({
        meetingId: event.data.meetingId,
        title: event.data.title,
        startedAt: at,
        startRevision: event.revision,
        endedAt: null,
        endRevision: null,
        startedBy: actor,
      });
    } else if (event.type === 'MeetingEnded') {
      const meeting = this.meetingList.find(
        (m) => m.meetingId === event.data.meetingId && m.endedAt === null,
      );
      if (meeting) {
        meeting.endedAt = at;
        meeting.endRevision = event.revision;
      }
    } else if (event.type === 'MilestoneMarked') {
      const { milestoneId, title } = event.data;
      this.milestoneList.push({ milestoneId, title, at, revision: event.revision, by: actor });
    }
  }
}

/** Strings to small integers, so a slot per revision is a number, not a string. */
class Interner {
  private readonly ids = new Map<string, number>();

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(value, id);
    }
    return id;
  }

  find(value: string): number | undefined {
    return this.ids.get(value);
  }
}
