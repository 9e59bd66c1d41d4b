import { Inject, type OnModuleDestroy } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import {
  type ClientToServerEvents,
  type JoinBoardAck,
  type ServerToClientEvents,
  type SessionUser,
  joinBoardSchema,
  leaveBoardSchema,
  presenceUpdateSchema,
} from '@selaras/shared';
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import { BoardsService } from '../boards/boards.service';
import { ApiError } from '../http/api-error';
import { LOGGER } from '../logging/logger';
import { securityLogger } from '../security/security-log';
import { PresenceRegistry } from './presence';

type SocketData = { user: SessionUser; token: string; boards: Set<string> };
type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const room = (boardId: string) => `board:${boardId}`;
const CATCH_UP_PAGE = 1000;

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
  private readonly presence = new PresenceRegistry();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly boards: BoardsService,
    private readonly auth: AuthService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  afterInit(server: IoServer): void {
    this.server = server;
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      try {
        if (typeof token !== 'string') throw ApiError.unauthorized();
        socket.data.user = this.auth.verify(token);
        socket.data.token = token;
        socket.data.boards = new Set();
        this.closeAtExpiry(socket, this.auth.expiresAt(token));
        next();
      } catch (error) {
        const message = error instanceof ApiError ? error.body.message : 'Unauthorized';
        securityLogger(this.logger).warn(
          { event: 'socket.unauthorized', reason: message, ip: socket.handshake.address },
          'socket handshake without a valid session refused',
        );
        next(Object.assign(new Error('Unauthorized'), { data: { error: 'Unauthorized', message } }));
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
        for (const boardId of socket.data.boards ?? [])
          socket.emit('board:error', { boardId, error: 'SessionRevoked', message });
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
    on('presence:update', (payload, ack) => {
      const reply = replier(ack);
      const parsed = presenceUpdateSchema.safeParse(payload);
      if (!parsed.success)
        return reply({ error: 'ValidationFailed', message: parsed.error.issues[0]?.message ?? '' });
      if (!this.presence.open(parsed.data.boardId, socket.id, parsed.data.openProgramId)) {
        return reply({ error: 'NotJoined', message: 'Bergabunglah ke papan dulu (join the board first).' });
      }
      this.announce(parsed.data.boardId);
      reply({ ok: true });
    });
    socket.on('disconnect', () => {
      for (const boardId of socket.data.boards ?? []) this.leave(socket, boardId);
    });
  }

  private async join(
    socket: IoSocket,
    payload: unknown,
    reply: (answer: JoinBoardAck) => void,
  ): Promise<void> {
    const parsed = joinBoardSchema.safeParse(payload);
    if (!parsed.success) {
      return reply({
        error: 'ValidationFailed',
        message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
    }
    const { boardId, after } = parsed.data;
    const scope = socket.data.user?.boardScope;
    if (scope !== undefined && scope !== boardId)
      return reply({
        error: 'Forbidden',
        message: 'Tautan layar ini hanya untuk papan lain (this display link is for another board).',
      });
    if (!(await this.boards.ensureBoard(boardId)))
      return reply({ error: 'BoardNotFound', message: `Papan "${boardId}" tidak ditemukan.` });
    // A client may hold a revision another server gave it a moment ago: this one reads the store first.
    if (!(await this.boards.reachLive(boardId, after))) {
      return reply({
        error: 'AheadOfBoard',
        message: `Revisi ${after} melampaui papan (${this.boards.broadcastRevision(boardId) ?? -1}); muat ulang papan dari awal.`,
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
      this.presence.join(boardId, socket.id, socket.data.user);
      this.announce(boardId);
    } catch (error) {
      this.logger.warn({ err: error, boardId }, 'catch-up failed');
      socket.emit('board:error', {
        boardId,
        error: 'CatchUpFailed',
        message: 'Gagal menyusul; bergabung lagi.',
      });
    }
  }

  private leave(socket: IoSocket, boardId: string, announce = true): void {
    void socket.leave(room(boardId));
    socket.data.boards?.delete(boardId);
    if (this.presence.leave(boardId, socket.id) && announce) this.announce(boardId);
  }

  private announce(boardId: string): void {
    this.server
      ?.to(room(boardId))
      .emit('board:presence', { boardId, members: this.presence.members(boardId) });
  }
}

/** Socket.IO acks are optional for the sender; a missing or non-function ack is simply not called. */
function replier<T>(ack: unknown): (answer: T) => void {
  return (answer) => {
    if (typeof ack === 'function') (ack as (a: T) => void)(answer);
  };
}
