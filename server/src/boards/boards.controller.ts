import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import {
  type BoardResponse,
  type BoardSummary,
  type EventsResponse,
  type SessionUser,
  eventsQuerySchema,
  idSchema,
  validate,
} from '@selaras/shared';
import type { Response } from 'express';
import { parseQuery, pointOf, pointQuerySchema } from '../audit/audit-query';
import { AuditService } from '../audit/audit.service';
import { assertMayAudit } from '../audit/read-access';
import { actorOf } from '../auth/auth.service';
import { CurrentUser } from '../auth/auth.guard';
import { ApiError } from '../http/api-error';
import { CommandRateGuard } from '../security/command-limiter';
import { BoardsService } from './boards.service';

/** Thin: validates the route's inputs and delegates; the domain decides. */
@Controller('api/boards')
export class BoardsController {
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
    @Res() res: Response,
  ): Promise<void> {
    let json: string;
    if (query.at !== undefined || query.asOf !== undefined) {
      assertMayAudit(user);
      const point = pointOf(parseQuery(pointQuerySchema, query));
      json = JSON.stringify(await this.audit.boardAt(checkId(boardId), point));
    } else {
      await this.boards.ensureBoard(checkId(boardId));
      const { state, headHash } = this.boards.board(checkId(boardId));
      // The session's board changes in place as commands commit: serialise it now, in this tick.
      const body: BoardResponse = { revision: state.revision, headHash, board: state };
      json = JSON.stringify(body);
    }
    // Gzip hides the length; the client shows download progress against the uncompressed size.
    res.setHeader('X-Uncompressed-Length', Buffer.byteLength(json));
    res.type('application/json').send(json);
  }

  @Get(':boardId/events')
  async events(@Param('boardId') boardId: string, @Query() query: unknown): Promise<EventsResponse> {
    const parsed = validate(eventsQuerySchema, query);
    if (!parsed.success) throw ApiError.validation(parsed.issues);
    await this.boards.ensureBoard(checkId(boardId));
    return this.boards.events(checkId(boardId), parsed.data.after, parsed.data.limit);
  }

  @Post(':boardId/commands')
  @UseGuards(CommandRateGuard)
  async command(
    @Param('boardId') boardId: string,
    @Body() body: unknown,
    @CurrentUser() user: SessionUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const outcome = await this.boards.execute(checkId(boardId), body, actorOf(user));
    res.status(outcome.status);
    return outcome.body;
  }
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
