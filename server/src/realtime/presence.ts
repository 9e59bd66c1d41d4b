import { randomUUID } from 'node:crypto';
import type { PresenceMember, SessionUser } from '@selaras/shared';
import type { Logger } from 'pino';
import type { PresenceStore } from '../cluster/cluster-state';

type Announce = (boardId: string, members: PresenceMember[]) => void;

/**
 * At most one announcement per board in this window. Each one sends the whole member list to every
 * socket on the board, so 200 people joining at once (a meeting starting) announced one by one made
 * 200 × 200 messages and held the event loop for a quarter of a second; coalesced, a lone change is
 * still announced at once and a burst costs a few announcements.
 */
export const ANNOUNCE_EVERY_MS = 50;

interface AnnounceSlot {
  /** performance.now() of the last announcement's start. */
  last: number;
  /** A trailing announcement is scheduled; it covers every change asked for meanwhile. */
  timer?: NodeJS.Timeout;
  /** Some change asked for meanwhile is this instance's own: announce even if the list looks the same. */
  force: boolean;
  waiters: Array<() => void>;
}

/**
 * Who is on which board and which card they have open, over every server instance. Ephemeral by
 * design (DESIGN.md §3): never stored as events; the entries live in the cluster state with a short
 * TTL. This instance writes its own sockets' entries and announces a change to its sockets at once;
 * the other instances hear of it through the store's watch and announce it to theirs, so people on
 * different instances in one meeting see each other and who has which card open.
 */
export class BoardPresence {
  /** `<instance>:<socket id>`: unique over the instances writing into one store. */
  private readonly instance = randomUUID().slice(0, 8);
  /** This instance's sockets per board (to answer NotJoined at once and to know what to watch). */
  private readonly local = new Map<string, Map<string, SessionUser>>();
  /** What each board's sockets here were last told, so a change elsewhere is announced only if it shows. */
  private readonly lastSent = new Map<string, string>();
  private readonly slots = new Map<string, AnnounceSlot>();
  private readonly unwatch: () => void;

  constructor(
    private readonly store: PresenceStore,
    private readonly announceTo: Announce,
    private readonly log: Logger,
  ) {
    this.unwatch = store.watch(
      () => this.local.keys(),
      (boardId) => void this.announce(boardId, true),
    );
  }

  isOn(boardId: string, socketId: string): boolean {
    return this.local.get(boardId)?.has(socketId) ?? false;
  }

  async join(boardId: string, socketId: string, user: SessionUser): Promise<void> {
    let board = this.local.get(boardId);
    if (!board) this.local.set(boardId, (board = new Map()));
    board.set(socketId, user);
    await this.write(() =>
      this.store.put({
        boardId,
        connectionId: this.connectionId(socketId),
        user: { id: user.id, name: user.name, role: user.role, opdId: user.opdId },
        openProgramId: null,
        since: Date.now(),
      }),
    );
    await this.announce(boardId);
  }

  /** Returns false when the socket is not on that board. */
  async open(boardId: string, socketId: string, programId: string | null): Promise<boolean> {
    const user = this.local.get(boardId)?.get(socketId);
    if (!user) return false;
    await this.write(() =>
      this.store.put({
        boardId,
        connectionId: this.connectionId(socketId),
        user: { id: user.id, name: user.name, role: user.role, opdId: user.opdId },
        openProgramId: programId,
        since: Date.now(),
      }),
    );
    await this.announce(boardId);
    return true;
  }

  async leave(boardId: string, socketId: string, announce = true): Promise<void> {
    const board = this.local.get(boardId);
    if (!board?.delete(socketId)) return;
    if (board.size === 0) {
      this.local.delete(boardId);
      this.lastSent.delete(boardId);
    }
    await this.write(() => this.store.remove(boardId, this.connectionId(socketId)));
    if (announce) await this.announce(boardId);
  }

  stop(): void {
    this.unwatch();
    for (const slot of this.slots.values()) {
      clearTimeout(slot.timer);
      slot.waiters.splice(0).forEach((resolve) => resolve());
    }
    this.slots.clear();
  }

  /**
   * Announces now, or (within ANNOUNCE_EVERY_MS of the last announcement) once the window ends, in one
   * announcement with every other change asked for meanwhile. Resolves when it has been sent.
   */
  private announce(boardId: string, onlyIfChanged = false): Promise<void> {
    let slot = this.slots.get(boardId);
    if (!slot) this.slots.set(boardId, (slot = { last: -Infinity, force: false, waiters: [] }));
    if (!onlyIfChanged) slot.force = true;
    const current = slot;
    const wait = current.last + ANNOUNCE_EVERY_MS - performance.now();
    if (!current.timer && wait <= 0) return this.announceNow(boardId, current);
    return new Promise((resolve) => {
      current.waiters.push(resolve);
      current.timer ??= setTimeout(
        () => {
          current.timer = undefined;
          const waiters = current.waiters.splice(0);
          void this.announceNow(boardId, current).finally(() => waiters.forEach((done) => done()));
        },
        Math.max(0, wait),
      );
    });
  }

  private announceNow(boardId: string, slot: AnnounceSlot): Promise<void> {
    slot.last = performance.now();
    const onlyIfChanged = !slot.force;
    slot.force = false;
    return this.send(boardId, onlyIfChanged);
  }

  /** Tells this instance's sockets on the board who is there now (a change elsewhere: only if it shows). */
  private async send(boardId: string, onlyIfChanged: boolean): Promise<void> {
    if (!this.local.has(boardId)) return;
    let members: PresenceMember[];
    try {
      members = await this.store.members(boardId);
    } catch (error) {
      this.log.warn({ err: error, boardId }, 'presence unavailable (cluster state)');
      return;
    }
    const text = JSON.stringify(members);
    if (onlyIfChanged && this.lastSent.get(boardId) === text) return;
    if (this.local.has(boardId)) this.lastSent.set(boardId, text);
    this.announceTo(boardId, members);
  }

  private async write(task: () => Promise<unknown>): Promise<void> {
    try {
      await task();
    } catch (error) {
      // Presence is a courtesy: a failing cluster state must not break joining a board.
      this.log.warn({ err: error }, 'presence not written (cluster state)');
    }
  }

  private connectionId(socketId: string): string {
    return `${this.instance}:${socketId}`;
  }
}
