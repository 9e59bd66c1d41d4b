import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  type BoardResponse,
  type BoardSummary,
  type EventsResponse,
  type SessionUser,
  BOARD_HEADERS,
  eventsQuerySchema,
  idSchema,
  validate,
} from '@selaras/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseQuery, pointOf, pointQuerySchema } from '../audit/audit-query';
import { AuditService } from '../audit/audit.service';
import { assertMayAudit } from '../audit/read-access';
import { actorOf } from '../auth/auth.service';
import { CurrentUser } from '../auth/auth.guard';
import { ApiError } from '../http/api-error';
import { asciiJsonBytes, sendJsonBody } from '../http/json-body';
import { BoardBodyCache } from './board-body-cache';
import { HttpRateGuard } from '../security/http-rate-limits';
import { BoardsService } from './boards.service';

/** Thin: validates the route's inputs and delegates; the domain decides. */
@Controller('api/boards')
// The per-user limits on commands and on time travel (`?at=`), shared by every instance.
@UseGuards(HttpRateGuard)
export class BoardsController {
  private readonly bodies = new BoardBodyCache();

  constructor(
    private readonly boards: BoardsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  list(): BoardSummary[] {
    return this.boards.listBoards();
  }

  /** The live board; with `?at=<revision>` or `?asOf=<time>`, the board as of then (BoardAtResponse). */
  @Get(':boardId')
  async get(
    @Param('boardId') boardId: string,
    @Query() query: Record<string, unknown>,
    @CurrentUser() user: SessionUser,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    if (query.at !== undefined || query.asOf !== undefined) {
      assertMayAudit(user);
      const point = pointOf(parseQuery(pointQuerySchema, query));
      await sendJson(res, asciiJsonBytes(JSON.stringify(await this.audit.boardAt(checkId(boardId), point))));
      return;
    }
    await this.boards.ensureBoard(checkId(boardId));
    const { state, headHash } = this.boards.board(checkId(boardId));
    const revision = state.revision;
    // Sent before the (large) body: a client starts downloading the board's nomenclature list at once.
    res.header(BOARD_HEADERS.nomenclatureVersion, encodeURIComponent(state.nomenclatureVersion));
    // And the revision the body holds: a client joins the live feed from it while the body downloads.
    res.header(BOARD_HEADERS.revision, String(revision));
    // The session's board changes in place as commands commit: serialise it now, in this tick.
    const serialise = () => JSON.stringify({ revision, headHash, board: state } satisfies BoardResponse);
    await sendJsonBody(req, res, this.bodies.body(boardId, revision, serialise));
  }

  @Get(':boardId/events')
  async events(@Param('boardId') boardId: string, @Query() query: unknown): Promise<EventsResponse> {
    const parsed = validate(eventsQuerySchema, query);
    if (!parsed.success) throw ApiError.validation(parsed.issues);
    await this.boards.ensureBoard(checkId(boardId));
    return this.boards.events(checkId(boardId), parsed.data.after, parsed.data.limit);
  }

  @Post(':boardId/commands')
  async command(
    @Param('boardId') boardId: string,
    @Body() body: unknown,
    @CurrentUser() user: SessionUser,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<unknown> {
    const outcome = await this.boards.execute(checkId(boardId), body, actorOf(user));
    res.status(outcome.status);
    return outcome.body;
  }
}

/** A point in time's board (made per request): sent as it is, with its uncompressed length. */
async function sendJson(res: FastifyReply, json: Buffer): Promise<void> {
  res.header(BOARD_HEADERS.uncompressedLength, json.length);
  await res.type('application/json; charset=utf-8').send(json);
}

function checkId(boardId: string): string {
  const parsed = idSchema.safeParse(boardId);
  if (!parsed.success) {
    throw new ApiError(404, {
      error: 'BoardNotFound',
      message: `Papan "${boardId.slice(0, 80)}" tidak ditemukan.`,
      messageEn: `Board "${boardId.slice(0, 80)}" was not found.`,
    });
  }
  return parsed.data;
}
