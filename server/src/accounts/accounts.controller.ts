import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  type SessionUser,
  changeAccountSchema,
  createAccountSchema,
  createDisplayLinkSchema,
  disableAccountSchema,
  setPasswordSchema,
  validate,
} from '@selaras/shared';
import type { FastifyRequest } from 'fastify';
import { CurrentUser } from '../auth/auth.guard';
import { AuthService, actorOf } from '../auth/auth.service';
import { ApiError } from '../http/api-error';
import { AccountsService } from './accounts.service';

function parse<T>(schema: Parameters<typeof validate>[0], body: unknown): T {
  const parsed = validate(schema, body ?? {});
  if (!parsed.success) throw ApiError.validation(parsed.issues);
  return parsed.data as T;
}

const idPattern = /^[A-Za-z0-9][A-Za-z0-9_:-]{0,80}$/;
function checkId(id: string): string {
  if (!idPattern.test(id)) throw ApiError.notFound('Tidak ditemukan.', 'Not found.');
  return id;
}

/** Accounts, sessions and display links (issue 5). The service decides; this only maps HTTP. */
@Controller('api')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly auth: AuthService,
  ) {}

  @Get('auth/me')
  me(@CurrentUser() user: SessionUser): SessionUser {
    return user;
  }

  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Req() request: FastifyRequest): Promise<void> {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (token) await this.auth.logout(token);
  }

  @Get('accounts')
  list(@CurrentUser() user: SessionUser) {
    return this.accounts.list(actorOf(user));
  }

  @Get('accounts/events')
  history(@CurrentUser() user: SessionUser) {
    return this.accounts.history(actorOf(user));
  }

  @Post('accounts')
  @HttpCode(201)
  create(@CurrentUser() user: SessionUser, @Body() body: unknown) {
    return this.accounts.create(actorOf(user), parse(createAccountSchema, body));
  }

  @Post('accounts/:userId')
  @HttpCode(204)
  async change(@CurrentUser() user: SessionUser, @Param('userId') userId: string, @Body() body: unknown) {
    await this.accounts.change(actorOf(user), checkId(userId), parse(changeAccountSchema, body));
  }

  @Post('accounts/:userId/disable')
  @HttpCode(204)
  async disable(@CurrentUser() user: SessionUser, @Param('userId') userId: string, @Body() body: unknown) {
    const { reason } = parse<{ reason: string }>(disableAccountSchema, body);
    await this.accounts.disable(actorOf(user), checkId(userId), reason);
  }

  @Post('accounts/:userId/enable')
  @HttpCode(204)
  async enable(@CurrentUser() user: SessionUser, @Param('userId') userId: string) {
    await this.accounts.enable(actorOf(user), checkId(userId));
  }

  @Post('accounts/:userId/password')
  @HttpCode(204)
  async password(@CurrentUser() user: SessionUser, @Param('userId') userId: string, @Body() body: unknown) {
    const { password, currentPassword } = parse<{ password: string; currentPassword?: string }>(
      setPasswordSchema,
      body,
    );
    await this.accounts.setPassword(actorOf(user), checkId(userId), password, currentPassword);
  }

  @Post('accounts/:userId/revoke-sessions')
  @HttpCode(204)
  async revokeSessions(@CurrentUser() user: SessionUser, @Param('userId') userId: string) {
    await this.accounts.revokeSessions(actorOf(user), checkId(userId));
  }

  @Get('display-links')
  displayLinks(@CurrentUser() user: SessionUser) {
    return this.accounts.displayLinks(actorOf(user));
  }

  /** Creates a link and answers its token once: the URL for the projector is `/layar/<board>?tautan=<token>`. */
  @Post('display-links')
  @HttpCode(201)
  async createDisplayLink(@CurrentUser() user: SessionUser, @Body() body: unknown) {
    const { boardId, label } = parse<{ boardId: string; label: string }>(createDisplayLinkSchema, body);
    const link = await this.accounts.createDisplayLink(actorOf(user), boardId, label);
    const { token } = this.auth.displayLinkToken(link.linkId);
    return { link, token, path: `/layar/${link.boardId}?tautan=${token}` };
  }

  @Post('display-links/:linkId/revoke')
  @HttpCode(204)
  async revokeDisplayLink(@CurrentUser() user: SessionUser, @Param('linkId') linkId: string) {
    await this.accounts.revokeDisplayLink(actorOf(user), checkId(linkId));
  }
}
