import { freeze } from 'immer';
import { io, type Socket } from 'socket.io-client';
import {
  BOARD_HEADERS,
  type BoardResponse,
  type BoardState,
  type ClientToServerEvents,
  type CommandResponse,
  type CommandType,
  type ConflictResponse,
  type EventsResponse,
  type JoinBoardAck,
  type PresenceMember,
  type RecordedEvent,
  type ServerToClientEvents,
} from '@selaras/shared';
import { api, HttpError, isTransient } from '../api/http';
import { yieldToBrowser } from '../api/yield';
import type { Session } from '../api/session';
import { BoardSync, type PendingCommand, type ProposeResult } from './board-sync';
import { loadPending, savePending } from './pending-storage';
import { isNomenclatureLoaded, loadNomenclature } from '../nomenclature/load-nomenclature';
import { uuid } from './uuid';

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  message: string;
  messageEn: string;
}

/** Everything the UI reads of a board connection; a new object whenever something changed. */
export interface ConnectionSnapshot {
  loaded: boolean;
  loadError: { message: string; messageEn: string } | null;
  /** While the board downloads: the share received (0–1), or null when unknown. */
  loadProgress?: number | null;
  view: BoardState | null;
  confirmed: BoardState | null;
  revision: number;
  pending: readonly PendingCommand[];
  status: ConnectionStatus;
  presence: readonly PresenceMember[];
  notices: readonly Notice[];
  /** When the last server event was folded in (client clock). */
  lastEventAt: string | null;
  /**
   * The board's nomenclature list (issue 11): downloaded after the board, needed before the board is
   * editable (the shared `decide` checks codes against it). Absent: nothing to load (a past board).
   */
  nomenclature?: 'loading' | 'ready' | 'failed';
}

export interface ConnectionOptions {
  /** Where the API lives; '' means this page's origin. */
  baseUrl?: string;
  onUnauthorized?: () => void;
  /** For tests: how long to wait before sending again after a failure. */
  retryDelayMs?: (attempt: number) => number;
  newId?: () => string;
}

/** What the board UI uses of a connection: the live one, or a fixed board from the past. */
export type BoardSource = Pick<
  BoardConnection,
  | 'boardId'
  | 'subscribe'
  | 'getSnapshot'
  | 'dispatch'
  | 'resolveConflict'
  | 'setOpenProgram'
  | 'dismissNotice'
>;

type SelarasSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * immer skips frozen subtrees when it finishes a change but walks every unfrozen one, and freezes the
 * whole base on the first change: on a 5,000-program snapshot that first remote event would take
 * ~150 ms. Freezing the snapshot once, after the board is on screen, keeps every event at a few ms.
 */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 1000 });
  else setTimeout(task, 50);
}

const defaultRetry = (attempt: number) => Math.min(15_000, 500 * 2 ** attempt);

/**
 * One open board: loads the snapshot over HTTP, keeps it live over Socket.IO (join with the last
 * revision held; a gap is filled from the events endpoint), and sends pending commands over HTTP one
 * at a time, in order, with their command ids (so a retry after a lost answer appends nothing).
 * Pending commands are saved in localStorage: a closed tab or a dead battery loses nothing.
 */
export class BoardConnection {
  private sync: BoardSync | null = null;
  private socket: SelarasSocket | null = null;
  private snapshot: ConnectionSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(events: readonly RecordedEvent[]) => void>();
  private sending = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private fillingGap = false;
  private stopped = false;
  private noticeId = 0;
  private openProgramId: string | null = null;
  private presenceTimer: ReturnType<typeof setTimeout> | null = null;
  /** Command ids that left this tab's queue (confirmed, refused, replaced), for the shared storage. */
  private readonly finished = new Set<string>();
  private queued = new Set<string>();
  private savedQueue: readonly PendingCommand[] | null = null;
  private readonly baseUrl: string;
  /**
   * The revision the board's answer holds, from its headers (X-Board-Revision): the socket joins from it
   * while the body still downloads and parses, so the board is live as soon as it shows.
   */
  private headerRevision: number | null = null;
  /** A join went out on the socket's current connection (reset when it drops). */
  private joined = false;
  /** Events that came after such an early join, before the board was parsed: applied once it is. */
  private earlyEvents: RecordedEvent[] = [];

  constructor(
    readonly boardId: string,
    private readonly session: Session,
    private readonly options: ConnectionOptions = {},
  ) {
    this.baseUrl = options.baseUrl ?? '';
    this.snapshot = {
      loaded: false,
      loadError: null,
      loadProgress: null,
      view: null,
      confirmed: null,
      revision: -1,
      pending: [],
      status: 'connecting',
      presence: [],
      notices: [],
      lastEventAt: null,
      nomenclature: 'loading',
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getSnapshot = (): ConnectionSnapshot => this.snapshot;

  /**
   * Server events as they are folded into the confirmed state, in revision order, each once (the meeting
   * display turns them into its ticker and highlights). The state is already updated when it is called.
   */
  onEvents = (listener: (events: readonly RecordedEvent[]) => void): (() => void) => {
    this.eventListeners.add(listener);
    return () => void this.eventListeners.delete(listener);
  };

  /**
   * After the machine slept or the page was frozen, the socket may look connected while it is dead (its
   * heartbeat notices only ~45 s later) and events may have been missed: join again now, so the server
   * sends what was missed from the store, and reconnect if that join is not answered in time.
   */
  resync(timeoutMs = 5000): void {
    const socket = this.socket;
    if (!socket || !this.sync || this.stopped) return;
    // Not connected: 'connect' joins with the last revision held.
    if (!socket.connected) socket.connect();
    else this.join(timeoutMs);
  }

  async start(): Promise<void> {
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    // The socket connects while the board downloads (it joins once the board is here), so neither
    // waits for the other and its set-up does not hold up the board's first paint.
    this.connectSocket();
    try {
      let shown = 0;
      const answer = await api<BoardResponse>(
        this.baseUrl + `/api/boards/${encodeURIComponent(this.boardId)}`,
        {
          token: this.session.token,
          // The board names its nomenclature version in a header: the list downloads while the board does.
          onHeaders: (headers) => {
            const revision = Number(headers.get(BOARD_HEADERS.revision) ?? NaN);
            if (Number.isInteger(revision) && revision >= -1) {
              this.headerRevision = revision;
              if (this.socket?.connected && !this.joined) this.join();
            }
            const version = headers.get(BOARD_HEADERS.nomenclatureVersion);
            if (version)
              void loadNomenclature(decodeURIComponent(version), {
                baseUrl: this.baseUrl,
                token: this.session.token,
              }).catch(() => undefined); // ensureNomenclature reports and retries
          },
          onProgress: (fraction) => {
            // A re-render per percent at most.
            if (fraction - shown >= 0.01 || fraction === 1)
              this.publish({ loadProgress: (shown = fraction) });
          },
        },
      );
      if (this.stopped) return;
      // The parse was one long task: let the socket's messages in before the board is built and drawn.
      await yieldToBrowser();
      if (this.stopped) return;
      const pending = loadPending(this.boardId, this.session.user.id);
      this.sync = new BoardSync(answer.board, this.session.user, pending, () => this.newId());
      this.snapshot = { ...this.snapshot, loaded: true };
      const early = this.earlyEvents;
      this.earlyEvents = [];
      if (early.length > 0) this.afterReceive(this.sync.receive(early));
      // Before the first render: a list that is already here makes the board editable in that render.
      void this.ensureNomenclature(answer.board.nomenclatureVersion);
      this.changed();
      whenIdle(() => freeze(answer.board, true));
    } catch (error) {
      if (error instanceof HttpError && error.status === 401) this.options.onUnauthorized?.();
      const body =
        error instanceof HttpError
          ? error.body
          : { message: 'Server tidak dapat dihubungi', messageEn: 'The server cannot be reached' };
      this.publish({ loadError: { message: body.message, messageEn: body.messageEn ?? body.message } });
      this.socket?.disconnect();
      return;
    }
    if (this.socket?.connected && !this.joined) this.join();
    void this.pump();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    this.socket?.disconnect();
    this.socket = null;
    this.listeners.clear();
    this.eventListeners.clear();
  }

  /** Validates, decides locally, shows at once, and queues for the server. */
  dispatch(type: CommandType, data: unknown, options: { baseRevision?: number } = {}): ProposeResult {
    if (!this.sync)
      return {
        ok: false,
        error: {
          code: 'ValidationFailed',
          message: 'Papan belum dimuat',
          messageEn: 'The board is not loaded yet',
        },
        issues: [],
      };
    const commandId = this.newId();
    const result = this.sync.propose(type, data, commandId, new Date().toISOString(), options.baseRevision);
    if (result.ok) {
      this.changed();
      void this.pump();
    }
    return result;
  }

  /** The person chose per field: `replacement` holds what they kept of theirs-vs-mine; null drops it. */
  resolveConflict(commandId: string, replacement: { type: CommandType; data: unknown } | null): void {
    if (!this.sync) return;
    this.sync.resolve(
      commandId,
      replacement as { type: CommandType; data: PendingCommand['data'] } | null,
      new Date().toISOString(),
      this.newId(),
    );
    this.changed();
    void this.pump();
  }

  /** Tells the others which card this person has open (presence, never stored). */
  setOpenProgram(programId: string | null): void {
    this.openProgramId = programId;
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    this.presenceTimer = null;
    this.socket?.emit('presence:update', { boardId: this.boardId, openProgramId: programId }, (ack) => {
      // Past the per-user limit: say it again, with whatever card is open by then, when allowed.
      if ('error' in ack && ack.error === 'TooManyRequests' && 'retryAfterSeconds' in ack)
        this.presenceTimer ??= setTimeout(() => {
          this.presenceTimer = null;
          if (!this.stopped) this.setOpenProgram(this.openProgramId);
        }, ack.retryAfterSeconds * 1000);
    });
  }

  dismissNotice(id: number): void {
    this.publish({ notices: this.snapshot.notices.filter((n) => n.id !== id) });
  }

  // ---- the nomenclature list ---------------------------------------------------------------------

  private nomenclatureVersion: string | null = null;
  private nomenclatureAttempt = 0;

  /**
   * Loads the board's list (again when the board moves to another version) and replays the pending
   * commands on it; until then the board shows but is not editable. A failure retries with backoff.
   */
  private async ensureNomenclature(version: string): Promise<void> {
    if (this.nomenclatureVersion === version) return;
    this.nomenclatureVersion = version;
    try {
      // Already here (downloaded while the board was): ready now, with no "loading" render in between.
      if (!isNomenclatureLoaded(version)) {
        this.publish({ nomenclature: 'loading' });
        await loadNomenclature(version, { baseUrl: this.baseUrl, token: this.session.token });
      }
      if (this.stopped || this.nomenclatureVersion !== version) return;
      this.nomenclatureAttempt = 0;
      this.sync?.refresh();
      this.snapshot = { ...this.snapshot, nomenclature: 'ready' };
      this.changed();
    } catch (error) {
      if (this.stopped || this.nomenclatureVersion !== version) return;
      if (error instanceof HttpError && error.status === 401) this.options.onUnauthorized?.();
      this.nomenclatureVersion = null;
      this.publish({ nomenclature: 'failed' });
      const delay = (this.options.retryDelayMs ?? defaultRetry)(this.nomenclatureAttempt++);
      setTimeout(() => {
        if (!this.stopped && this.sync) void this.ensureNomenclature(this.sync.confirmed.nomenclatureVersion);
      }, delay);
    }
  }

  // ---- sending ---------------------------------------------------------------------------------

  private async pump(): Promise<void> {
    if (this.sending || this.stopped || !this.sync || this.snapshot.status === 'offline') return;
    const next = this.sync.nextToSend();
    if (!next) return;
    this.sending = true;
    this.sync.markSending(next.commandId);
    this.changed();
    try {
      const answer = await this.post<CommandResponse>(
        `/api/boards/${encodeURIComponent(this.boardId)}/commands`,
        { commandId: next.commandId, type: next.type, baseRevision: next.baseRevision, data: next.data },
      );
      this.attempt = 0;
      this.afterReceive(this.sync.accepted(next.commandId, answer));
      // Accepted, with something to know (a program outside its OPD's bidang): said once, as a notice.
      for (const warning of answer.warnings ?? []) this.notify('info', warning.message, warning.messageEn);
    } catch (error) {
      this.onSendFailed(next, error);
    } finally {
      this.sending = false;
      this.changed();
    }
    if (!this.retryTimer) void this.pump();
  }

  private onSendFailed(command: PendingCommand, error: unknown): void {
    const sync = this.sync!;
    if (
      isTransient(error) ||
      (error instanceof HttpError && (error.status === 401 || error.status === 429))
    ) {
      sync.markQueued(command.commandId);
      if (error instanceof HttpError && error.status === 401) {
        this.options.onUnauthorized?.();
        return;
      }
      this.scheduleRetry();
      return;
    }
    if (error instanceof HttpError && error.status === 409 && Array.isArray(error.body.conflicts)) {
      const conflicts = (error.body as unknown as ConflictResponse).conflicts;
      const revision = sync.revision;
      sync.conflicted(command.commandId, conflicts);
      // The conflicting events brought the board forward (so "theirs" shows their values); a gap
      // behind them is filled from the store.
      this.afterReceive({
        applied: sync.revision - revision,
        gap: sync.revision < conflicts.at(-1)!.revision,
      });
      return;
    }
    sync.rejected(command.commandId);
    const body =
      error instanceof HttpError
        ? error.body
        : { message: String((error as Error).message), messageEn: String((error as Error).message) };
    this.notify('error', body.message, body.messageEn ?? body.message);
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.stopped) return;
    const delay = (this.options.retryDelayMs ?? defaultRetry)(this.attempt++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.pump();
    }, delay);
  }

  // ---- receiving -------------------------------------------------------------------------------

  private connectSocket(): void {
    const socket: SelarasSocket = io(this.baseUrl || undefined, {
      auth: { token: this.session.token },
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      // A WebSocket first: it is connected (and the board joined) in one round trip, where long-polling
      // first takes three plus an upgrade, each waiting for the page's main thread while a large board
      // is parsed. Where WebSockets fail (a proxy that refuses them), long-polling is tried at once, and
      // after any failed connection the next attempts start with long-polling, Socket.IO's default.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
    });
    this.socket = socket;
    socket.on('connect', () => this.join());
    socket.on('disconnect', () => {
      this.joined = false;
      this.publish({ status: navigator.onLine ? 'reconnecting' : 'offline' });
    });
    socket.on('connect_error', (error) => {
      socket.io.opts.transports = ['polling', 'websocket'];
      const data = (error as Error & { data?: { error?: string } }).data;
      if (data?.error === 'Unauthorized') this.options.onUnauthorized?.();
      this.publish({ status: navigator.onLine ? 'reconnecting' : 'offline' });
    });
    socket.on('board:events', ({ boardId, events }) => {
      if (boardId !== this.boardId) return;
      if (this.sync) this.afterReceive(this.sync.receive(events));
      else this.earlyEvents.push(...events);
    });
    socket.on('board:presence', ({ boardId, members }) => {
      if (boardId === this.boardId) this.publish({ presence: members });
    });
    socket.on('board:error', ({ message, messageEn }) => this.notify('error', message, messageEn ?? message));
  }

  /** Joins from the revision held, or, while the board still downloads, from the one its headers named. */
  private join(timeoutMs?: number): void {
    const socket = this.socket;
    const after = this.sync?.revision ?? this.headerRevision;
    if (!socket || after === null) return;
    this.joined = true;
    const payload = { boardId: this.boardId, after };
    const onAck = (ack: JoinBoardAck) => {
      if ('error' in ack) {
        // This server is behind the one that answered the board: once the board is here, join again
        // (then a reload, if the server is still behind).
        if (ack.error === 'AheadOfBoard' && !this.sync) this.joined = false;
        else if (ack.error === 'AheadOfBoard') void this.reload();
        else if (ack.error === 'TooManyRequests' && 'retryAfterSeconds' in ack)
          // Joined too often in a short time (a flapping network): join again when allowed.
          setTimeout(() => {
            if (!this.stopped && this.socket === socket && socket.connected) this.join();
          }, ack.retryAfterSeconds * 1000);
        else this.notify('error', ack.message, ('messageEn' in ack && ack.messageEn) || ack.message);
        return;
      }
      this.publish({ status: 'online' });
      if (this.openProgramId) this.setOpenProgram(this.openProgramId);
      this.attempt = 0;
      void this.pump();
    };
    if (timeoutMs === undefined) socket.emit('board:join', payload, onAck);
    else
      socket.timeout(timeoutMs).emit('board:join', payload, (error: Error | null, ack: JoinBoardAck) => {
        // No answer: the connection is dead without knowing it; a fresh one joins (and catches up).
        if (error) socket.disconnect().connect();
        else onAck(ack);
      });
  }

  private afterReceive(result: { applied: number; gap: boolean }): void {
    const version = this.sync?.confirmed.nomenclatureVersion;
    if (version && this.nomenclatureVersion !== null && version !== this.nomenclatureVersion)
      void this.ensureNomenclature(version);
    if (result.applied > 0) {
      this.snapshot = { ...this.snapshot, lastEventAt: new Date().toISOString() };
      this.changed();
      this.emitEvents(this.sync!.lastApplied);
    }
    if (result.gap) void this.fillGap();
  }

  private emitEvents(events: readonly RecordedEvent[]): void {
    if (events.length > 0) for (const listener of this.eventListeners) listener(events);
  }

  /** Events came past a hole: read the missing ones from the store, page by page. */
  private async fillGap(): Promise<void> {
    if (this.fillingGap || !this.sync) return;
    this.fillingGap = true;
    try {
      for (;;) {
        const after = this.sync.revision;
        const page = await this.get<EventsResponse>(
          `/api/boards/${encodeURIComponent(this.boardId)}/events?after=${after}&limit=1000`,
        );
        const result = this.sync.receive(page.events);
        if (result.applied > 0) {
          this.changed();
          this.emitEvents(this.sync.lastApplied);
        }
        if (!result.gap || page.events.length === 0) break;
      }
    } catch {
      // The socket's next join catches up from the store anyway.
    } finally {
      this.fillingGap = false;
    }
  }

  /** The server does not know the revision this client holds: start again from its snapshot. */
  private async reload(): Promise<void> {
    const answer = await this.get<BoardResponse>(`/api/boards/${encodeURIComponent(this.boardId)}`);
    this.sync?.reset(answer.board);
    this.changed();
    whenIdle(() => freeze(answer.board, true));
    this.join();
  }

  private onOnline = () => {
    this.publish({ status: 'reconnecting' });
    if (this.socket && !this.socket.connected) this.socket.connect();
    this.attempt = 0;
    void this.pump();
  };

  private onOffline = () => {
    // Browsers keep a dead socket "connected" for a while; drop it so the state says what is true.
    this.socket?.disconnect();
    this.publish({ status: 'offline' });
  };

  // ---- plumbing --------------------------------------------------------------------------------

  private get<T>(path: string): Promise<T> {
    return api<T>(this.baseUrl + path, { token: this.session.token });
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return api<T>(this.baseUrl + path, { method: 'POST', body, token: this.session.token });
  }

  private newId(): string {
    return this.options.newId?.() ?? uuid();
  }

  private notify(kind: Notice['kind'], message: string, messageEn: string): void {
    const notice = { id: ++this.noticeId, kind, message, messageEn };
    this.publish({ notices: [...this.snapshot.notices, notice].slice(-5) });
  }

  private changed(): void {
    const sync = this.sync;
    if (!sync) return;
    if (sync.pending !== this.savedQueue) {
      // Only when the queue changed: a remote event alone costs no storage write.
      this.savedQueue = sync.pending;
      const now = new Set(sync.pending.map((p) => p.commandId));
      for (const id of this.queued) if (!now.has(id)) this.finished.add(id);
      this.queued = now;
      savePending(this.boardId, this.session.user.id, sync.pending, this.finished);
    }
    this.publish({
      view: sync.view,
      confirmed: sync.confirmed,
      revision: sync.revision,
      pending: sync.pending,
    });
  }

  private publish(patch: Partial<ConnectionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
