import { Inject, type OnModuleDestroy } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import {
  type ClientToServerEvents,
  type JoinBoardAck,
  type TooManyRequestsAck,
  type ServerToClientEvents,
  type SessionUser,
  type ValidationIssue,
  joinBoardSchema,
  leaveBoardSchema,
  presenceUpdateSchema,
  validate,
} from '@selaras/shared';
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import { BoardsService } from '../boards/boards.service';
import type { ClusterState } from '../cluster/cluster-state';
import { CLUSTER_STATE } from '../cluster/cluster-state.provider';
import { ApiError } from '../http/api-error';
import { LOGGER } from '../logging/logger';
import { RateLimiters, type Taken } from '../security/rate-limiter';
import { securityLogger } from '../security/security-log';
import { BoardPresence } from './presence';

type SocketData = { user: SessionUser; token: string; boards: Set<string> };
type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const room = (boardId: string) => `board:${boardId}`;
const CATCH_UP_PAGE = 1000;

/** A refused socket message's issues in one line per language. */
const issuesText = (issues: readonly ValidationIssue[]) => ({
  message: issues.map((i) => `${i.path}: ${i.message}`).join('; '),
  messageEn: issues.map((i) => `${i.path}: ${i.messageEn}`).join('; '),
});

/**
 * Live sync (DESIGN.md §3): a socket joins a board with the last revision it holds, gets exactly the
 * events after it from the store, in order, then live batches. It enters the board's room only once
 * its catch-up has reached what was broadcast, so there is no gap and no duplicate.
 */
// Origins (CORS and the handshake's Origin check) are SecureIoAdapter's, from the configuration.
@WebSocketGateway({ maxHttpBufferSize: 64 * 1024 })
export class RealtimeGateway
  implements OnGatewayInit<IoServer>, OnGatewayConnection<IoSocket>, OnModuleDestroy
{
  private server: IoServer | undefined;
  private readonly presence: BoardPresence;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly boards: BoardsService,
    private readonly auth: AuthService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLUSTER_STATE) cluster: ClusterState,
    @Inject(RateLimiters) private readonly limits: RateLimiters,
  ) {
    // Presence is shared by every instance (the cluster state); each announces to its own sockets.
    this.presence = new BoardPresence(
      cluster.presence,
      (boardId, members) => this.server?.to(room(boardId)).emit('board:presence', { boardId, members }),
      logger,
    );
  }

  afterInit(server: IoServer): void {
    this.server = server;
    server.use(async (socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      try {
        if (typeof token !== 'string') throw ApiError.unauthorized();
        socket.data.user = await this.auth.authenticate(token);
        socket.data.token = token;
        socket.data.boards = new Set();
        this.closeAtExpiry(socket, this.auth.expiresAt(token));
        next();
      } catch (error) {
        const message = error instanceof ApiError ? error.body.message : 'Silakan masuk terlebih dahulu.';
        const messageEn = error instanceof ApiError ? error.body.messageEn : 'Please log in first.';
        securityLogger(this.logger).warn(
          { event: 'socket.unauthorized', reason: message, ip: socket.handshake.address },
          'socket handshake without a valid session refused',
        );
        next(
          Object.assign(new Error('Unauthorized'), { data: { error: 'Unauthorized', message, messageEn } }),
        );
      }
    });
    const stopCommitted = this.boards.onCommitted((boardId, events) => {
      server.to(room(boardId)).emit('board:events', { boardId, events });
    });
    const stopRevoked = this.auth.onRevoked(() => this.dropRevoked());
    this.unsubscribe = () => {
      stopCommitted();
      stopRevoked();
    };
  }

  /** A revoked session (logout, disabled account, revoked display link) loses its live socket at once. */
  private dropRevoked(): void {
    for (const socket of this.server?.sockets.sockets.values() ?? []) {
      try {
        this.auth.verify(socket.data.token ?? '');
      } catch (error) {
        const message = error instanceof ApiError ? error.body.message : 'Sesi dicabut.';
        const messageEn = error instanceof ApiError ? error.body.messageEn : 'The session was revoked.';
        for (const boardId of socket.data.boards ?? [])
          socket.emit('board:error', { boardId, error: 'SessionRevoked', message, messageEn });
        socket.disconnect(true);
      }
    }
  }

  /** A live socket does not outlive its token: it is told why and disconnected when the token expires. */
  private closeAtExpiry(socket: IoSocket, expiresAt: number | undefined): void {
    if (expiresAt === undefined) return;
    const timer = setTimeout(
      () => {
        for (const boardId of socket.data.boards ?? []) {
          socket.emit('board:error', {
            boardId,
            error: 'SessionExpired',
            message: 'Sesi Anda telah berakhir; silakan masuk lagi.',
            messageEn: 'Your session has ended; please sign in again.',
          });
        }
        socket.disconnect(true);
      },
      Math.max(0, Math.min(expiresAt - Date.now(), 2 ** 31 - 1)),
    );
    timer.unref();
    socket.once('disconnect', () => clearTimeout(timer));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.presence.stop();
  }

  handleConnection(socket: IoSocket): void {
    // Clients may send the payload without an ack, an ack without a payload, or extra arguments: the
    // payload is the first non-function argument and the ack the last function, whatever the shape.
    const on = (
      name: 'board:join' | 'board:leave' | 'presence:update',
      handle: (payload: unknown, ack: unknown) => void,
    ) =>
      socket.on(name, (...args: unknown[]) => {
        const ack = [...args].reverse().find((a) => typeof a === 'function');
        handle(typeof args[0] === 'function' ? undefined : args[0], ack);
      });
    on('board:join', (payload, ack) => void this.join(socket, payload, replier(ack)));
    on('board:leave', (payload, ack) => {
      const parsed = leaveBoardSchema.safeParse(payload);
      if (!parsed.success) return replier(ack)({ error: 'ValidationFailed' });
      this.leave(socket, parsed.data.boardId);
      replier(ack)({ ok: true });
    });
    on('presence:update', (payload, ack) => void this.presenceUpdate(socket, payload, replier(ack)));
    socket.on('disconnect', () => {
      for (const boardId of socket.data.boards ?? []) this.leave(socket, boardId);
    });
  }

  private async presenceUpdate(
    socket: IoSocket,
    payload: unknown,
    reply: (answer: PresenceUpdateAck) => void,
  ): Promise<void> {
    const parsed = validate(presenceUpdateSchema, payload);
    if (!parsed.success) return reply({ error: 'ValidationFailed', ...issuesText(parsed.issues) });
    const { boardId, openProgramId } = parsed.data;
    const notJoined = {
      error: 'NotJoined',
      message: 'Bergabunglah ke papan dulu.',
      messageEn: 'Join the board first.',
    };
    if (!this.presence.isOn(boardId, socket.id)) return reply(notJoined);
    const taken = await this.limits.presence.take(socket.data.user.id);
    if (!taken.ok) return reply(tooMany(taken, 'pembaruan kehadiran', 'presence updates'));
    if (!(await this.presence.open(boardId, socket.id, openProgramId))) return reply(notJoined);
    reply({ ok: true });
  }

  private async join(
    socket: IoSocket,
    payload: unknown,
    reply: (answer: JoinBoardAck) => void,
  ): Promise<void> {
    const parsed = validate(joinBoardSchema, payload);
    if (!parsed.success) return reply({ error: 'ValidationFailed', ...issuesText(parsed.issues) });
    // Each join reads the store from the client's revision on: shared per user by every instance.
    const taken = await this.limits.joins.take(socket.data.user.id);
    if (!taken.ok) return reply(tooMany(taken, 'bergabung ke papan', 'board joins'));
    const { boardId, after } = parsed.data;
    const scope = socket.data.user?.boardScope;
    if (scope !== undefined && scope !== boardId)
      return reply({
        error: 'Forbidden',
        message: 'Tautan layar ini hanya untuk papan lain.',
        messageEn: 'This display link is for another board.',
      });
    if (!(await this.boards.ensureBoard(boardId)))
      return reply({
        error: 'BoardNotFound',
        message: `Papan "${boardId}" tidak ditemukan.`,
        messageEn: `Board "${boardId}" was not found.`,
      });
    // A client may hold a revision another server gave it a moment ago: this one reads the store first.
    if (!(await this.boards.reachLive(boardId, after))) {
      const head = this.boards.broadcastRevision(boardId) ?? -1;
      return reply({
        error: 'AheadOfBoard',
        message: `Revisi ${after} melampaui papan (${head}); muat ulang papan dari awal.`,
        messageEn: `Revision ${after} is beyond the board (${head}); reload the board from the start.`,
      });
    }
    const head = this.boards.broadcastRevision(boardId) ?? -1;
    this.leave(socket, boardId, false);
    reply({ revision: head });
    try {
      let sent = after;
      for (;;) {
        if (!socket.connected) return;
        const target = this.boards.broadcastRevision(boardId) ?? sent;
        if (sent >= target) break;
        const { events } = await this.boards.events(boardId, sent, Math.min(CATCH_UP_PAGE, target - sent));
        if (events.length === 0) break;
        socket.emit('board:events', { boardId, events });
        sent = events[events.length - 1]!.revision;
      }
      // Synchronous with the last check above: nothing can be broadcast between it and joining the room.
      void socket.join(room(boardId));
      socket.data.boards.add(boardId);
      await this.presence.join(boardId, socket.id, socket.data.user);
    } catch (error) {
      this.logger.warn({ err: error, boardId }, 'catch-up failed');
      socket.emit('board:error', {
        boardId,
        error: 'CatchUpFailed',
        message: 'Gagal menyusul; bergabung lagi.',
        messageEn: 'Catching up failed; joining again.',
      });
    }
  }

  private leave(socket: IoSocket, boardId: string, announce = true): void {
    void socket.leave(room(boardId));
    socket.data.boards?.delete(boardId);
    void this.presence.leave(boardId, socket.id, announce);
  }
}

type PresenceUpdateAck = { ok: true } | { error: string; message: string; messageEn?: string };

/** The ack of a join or presence update past its per-user limit: when to try again. */
function tooMany(taken: Extract<Taken, { ok: false }>, what: string, whatEn: string): TooManyRequestsAck {
  const retryAfterSeconds = Math.max(1, Math.ceil(taken.retryAfterSeconds));
  return {
    error: 'TooManyRequests',
    message: `Terlalu banyak ${what} dalam waktu singkat; coba lagi dalam ${retryAfterSeconds} detik.`,
    messageEn: `Too many ${whatEn} in a short time; try again in ${retryAfterSeconds} s.`,
    retryAfterSeconds,
  };
}

/** Socket.IO acks are optional for the sender; a missing or non-function ack is simply not called. */
function replier<T>(ack: unknown): (answer: T) => void {
  return (answer) => {
    if (typeof ack === 'function') (ack as (a: T) => void)(answer);
  };
}
