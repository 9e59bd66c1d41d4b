import { z } from 'zod';
import { idSchema } from './domain/commands';
import type { DomainErrorCode } from './domain/errors';
import type { RecordedEvent } from './domain/events';
import type { CommandWarning } from './domain/warnings';
import type { Actor, BoardState, Role } from './domain/types';
import { say, type ValidationIssue } from './validation';

/**
 * The whole client–server contract in one place (DESIGN.md §3). Bump the version on any change a
 * deployed client would notice; extend, never rename what is here (outside tools rely on it).
 */
export const PROTOCOL_VERSION = 1;

// ---- HTTP -----------------------------------------------------------------------------------------

export const loginRequestSchema = z
  .object({
    username: z.string().trim().min(1, say('Nama pengguna wajib diisi', 'Enter a username')).max(100),
    password: z.string().min(1, say('Kata sandi wajib diisi', 'Enter a password')).max(200),
  })
  .strict();
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export interface SessionUser extends Actor {
  username: string;
  /** A display link's session reads this one board and nothing else. */
  boardScope?: string;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: { id: string; name: string; role: Role; opdId: string | null; username: string };
}

export interface HealthResponse {
  status: 'ok';
  version: string;
  protocol: number;
  store: string;
  demo: boolean;
  uptimeSeconds: number;
  /**
   * Boards this server stopped on an event it cannot apply (a fold error or a broken chain), each with
   * the first revision it could not take; they read as of the revision before and refuse commands.
   * Empty when every board is fine. The other boards run on.
   */
  unhealthyBoards: UnhealthyBoard[];
}

export interface UnhealthyBoard {
  boardId: string;
  revision: number;
  reason: string;
  since: string;
}

/** `GET /api/auth/demo-accounts`: demo mode, and a browser on the server's own machine, only. */
export interface DemoAccount {
  username: string;
  password: string;
  name: string;
  role: Role;
  opdId: string | null;
}

export interface BoardSummary {
  id: string;
  title: string;
  revision: number;
  sample: boolean;
  synthetic: boolean;
}

export interface BoardResponse {
  revision: number;
  headHash: string;
  board: BoardState;
}

/**
 * Headers of the board's answer, named once for the server that sets them and the client that reads
 * them before the body has arrived (client/index.html repeats `nomenclatureVersion`: it cannot import).
 */
export const BOARD_HEADERS = {
  /** The revision the body holds: the client joins the live feed from it while the body downloads. */
  revision: 'X-Board-Revision',
  /** The board's nomenclature version, URI-encoded: the client fetches that list meanwhile. */
  nomenclatureVersion: 'X-Nomenclature-Version',
  /** The body's length before compression (gzip hides it): the client's download progress. */
  uncompressedLength: 'X-Uncompressed-Length',
} as const;

export const eventsQuerySchema = z
  .object({
    after: z.coerce.number().int().min(-1, say('after minimal -1', 'after is at least -1')).default(-1),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(1000, say('limit maksimal 1000', 'limit is at most 1000'))
      .default(500),
  })
  .strict();

export interface EventsResponse {
  revision: number;
  events: RecordedEvent[];
}

export interface CommandResponse {
  revision: number;
  events: RecordedEvent[];
  /**
   * Accepted, but worth knowing (issue 11: a program outside its OPD's mapped bidang). Computed by the
   * shared `commandWarnings` on the state the command was decided on. A retried command id answers with
   * the first answer's warnings while the server remembers them (not across a restart: then `[]`).
   */
  warnings?: CommandWarning[];
}

/** 400: the body or a rule said no. `issues` lists field problems (empty for a domain rule). */
export interface ErrorResponse {
  error:
    | DomainErrorCode
    | 'ValidationFailed'
    | 'Unauthorized'
    | 'NotFound'
    | 'TooManyRequests'
    | 'conflict'
    | string;
  message: string;
  messageEn?: string;
  issues?: ValidationIssue[];
}

export interface ConflictResponse extends ErrorResponse {
  error: 'conflict';
  conflicts: RecordedEvent[];
}

// ---- Socket.IO ------------------------------------------------------------------------------------

export const joinBoardSchema = z
  .object({ boardId: idSchema, after: z.number().int().min(-1).default(-1) })
  .strict();
export type JoinBoardRequest = z.input<typeof joinBoardSchema>;
export type JoinBoardAck =
  { revision: number } | { error: string; message: string; messageEn?: string } | TooManyRequestsAck;

/**
 * A join or presence update past the user's limit (shared by every server instance): nothing was done;
 * send it again after `retryAfterSeconds`.
 */
export interface TooManyRequestsAck {
  error: 'TooManyRequests';
  message: string;
  messageEn: string;
  retryAfterSeconds: number;
}

export const leaveBoardSchema = z.object({ boardId: idSchema }).strict();

export const presenceUpdateSchema = z
  .object({ boardId: idSchema, openProgramId: idSchema.nullable() })
  .strict();
export type PresenceUpdate = z.infer<typeof presenceUpdateSchema>;

export interface PresenceMember {
  userId: string;
  name: string;
  role: Role;
  opdId: string | null;
  /** The card this person has open, if any (the most recent of their connections). */
  openProgramId: string | null;
  connections: number;
}

/** Every message the server sends to a client. */
export interface ServerToClientEvents {
  'board:events': (payload: { boardId: string; events: RecordedEvent[] }) => void;
  'board:presence': (payload: { boardId: string; members: PresenceMember[] }) => void;
  'board:error': (payload: { boardId: string; error: string; message: string; messageEn?: string }) => void;
}

/** Every message a client sends to the server. */
export interface ClientToServerEvents {
  'board:join': (payload: JoinBoardRequest, ack: (answer: JoinBoardAck) => void) => void;
  'board:leave': (
    payload: { boardId: string },
    ack?: (answer: { ok: true } | { error: string }) => void,
  ) => void;
  'presence:update': (
    payload: PresenceUpdate,
    ack?: (
      answer: { ok: true } | { error: string; message: string; messageEn?: string } | TooManyRequestsAck,
    ) => void,
  ) => void;
}
