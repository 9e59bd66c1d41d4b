import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import type {
  AuditLogResponse,
  CompareResponse,
  ProgramHistoryResponse,
  SessionUser,
  TimelineResponse,
  VerifyResponse,
} from '@selaras/shared';
import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../auth/auth.guard';
import { auditQuerySchema, compareQuerySchema, parseQuery, pointOf, pointQuerySchema } from './audit-query';
import { AuditService } from './audit.service';
import { ExportsService, dropExportHeaders } from './exports.service';
import { assertMayAudit, checkId } from './read-access';
import { HttpRateGuard } from '../security/http-rate-limits';

/** Thin: checks the role and the query, then delegates (docs/api.md "Audit and time travel"). */
@Controller('api/boards/:boardId')
// The per-user limit on heavy reads (compare, verify, exports), shared by every instance.
@UseGuards(HttpRateGuard)
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly exports: ExportsService,
  ) {}

  @Get('programs/:programId/history')
  history(
    @Param('boardId') boardId: string,
    @Param('programId') programId: string,
    @CurrentUser() user: SessionUser,
  ): Promise<ProgramHistoryResponse> {
    assertMayAudit(user);
    return this.audit.history(checkId(boardId, 'board'), checkId(programId, 'program'));
  }

  @Get('audit')
  log(
    @Param('boardId') boardId: string,
    @Query() query: unknown,
    @CurrentUser() user: SessionUser,
  ): Promise<AuditLogResponse> {
    assertMayAudit(user);
    return this.audit.auditLog(checkId(boardId, 'board'), parseQuery(auditQuerySchema, query));
  }

  @Get('compare')
  compare(
    @Param('boardId') boardId: string,
    @Query() query: unknown,
    @CurrentUser() user: SessionUser,
  ): Promise<CompareResponse> {
    assertMayAudit(user);
    const q = parseQuery(compareQuerySchema, query);
    return this.audit.compare(
      checkId(boardId, 'board'),
      pointOf({ at: q.from, asOf: q.fromAsOf }),
      pointOf({ at: q.to, asOf: q.toAsOf }),
    );
  }

  @Get('timeline')
  timeline(@Param('boardId') boardId: string, @CurrentUser() user: SessionUser): Promise<TimelineResponse> {
    assertMayAudit(user);
    return this.audit.timeline(checkId(boardId, 'board'));
  }

  @Get('verify')
  verify(@Param('boardId') boardId: string, @CurrentUser() user: SessionUser): Promise<VerifyResponse> {
    assertMayAudit(user);
    return this.audit.verify(checkId(boardId, 'board'));
  }

  @Get('export/audit.csv')
  auditCsv(
    @Param('boardId') boardId: string,
    @Query() query: unknown,
    @CurrentUser() user: SessionUser,
    @Res() res: FastifyReply,
  ) {
    return this.auditExport(boardId, query, user, res.raw, 'csv');
  }

  @Get('export/audit.jsonl')
  auditJsonl(
    @Param('boardId') boardId: string,
    @Query() query: unknown,
    @CurrentUser() user: SessionUser,
    @Res() res: FastifyReply,
  ) {
    return this.auditExport(boardId, query, user, res.raw, 'jsonl');
  }

  @Get('export/matrix.xlsx')
  matrix(
    @Param('boardId') boardId: string,
    @Query() query: unknown,
    @CurrentUser() user: SessionUser,
    @Res() reply: FastifyReply,
  ) {
    assertMayAudit(user);
    const q = query && Object.keys(query).length ? pointOf(parseQuery(pointQuerySchema, query)) : undefined;
    const res = reply.raw;
    return streamed(res, () => this.exports.matrix(checkId(boardId, 'board'), q, res));
  }

  @Get('export/rpjmd.xlsx')
  rpjmdXlsx(
    @Param('boardId') boardId: string,
    @Query() query: unknown,
    @CurrentUser() user: SessionUser,
    @Res() res: FastifyReply,
  ) {
    return this.rpjmd(boardId, query, user, res.raw, 'xlsx');
  }

  @Get('export/rpjmd.html')
  rpjmdHtml(
    @Param('boardId') boardId: string,
    @Query() query: unknown,
    @CurrentUser() user: SessionUser,
    @Res() res: FastifyReply,
  ) {
    return this.rpjmd(boardId, query, user, res.raw, 'html');
  }

  @Get('export/compare.csv')
  compareCsv(
    @Param('boardId') boardId: string,
    @Query() query: unknown,
    @CurrentUser() user: SessionUser,
    @Res() reply: FastifyReply,
  ) {
    assertMayAudit(user);
    const res = reply.raw;
    const q = parseQuery(compareQuerySchema, query);
    const from = pointOf({ at: q.from, asOf: q.fromAsOf });
    const to = pointOf({ at: q.to, asOf: q.toAsOf });
    return streamed(res, () => this.exports.compare(checkId(boardId, 'board'), from, to, res));
  }

  private rpjmd(
    boardId: string,
    query: unknown,
    user: SessionUser,
    res: ServerResponse,
    format: 'xlsx' | 'html',
  ) {
    assertMayAudit(user);
    const q = query && Object.keys(query).length ? pointOf(parseQuery(pointQuerySchema, query)) : undefined;
    return streamed(res, () => this.exports.rpjmd(checkId(boardId, 'board'), q, format, res));
  }

  private auditExport(
    boardId: string,
    query: unknown,
    user: SessionUser,
    res: ServerResponse,
    format: 'csv' | 'jsonl',
  ) {
    assertMayAudit(user);
    const { limit: _limit, ...rest } = (query ?? {}) as Record<string, unknown>;
    const q = parseQuery(auditQuerySchema, rest);
    return streamed(res, () => this.exports.auditLog(checkId(boardId, 'board'), q, format, res));
  }
}

/**
 * Before the first byte an error is a normal JSON answer (without the export's headers: it is neither
 * an attachment nor compressed); after it, the only honest signal is a cut.
 */
async function streamed(res: ServerResponse, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (res.headersSent) {
      res.destroy(error as Error);
      return;
    }
    dropExportHeaders(res);
    throw error;
  }
}
