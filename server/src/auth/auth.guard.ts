import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { SessionUser } from '@selaras/shared';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error';
import { AuthService } from './auth.service';

export const IS_PUBLIC = 'selaras:public';
/** Marks a route that needs no token (login, health, the root page). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

type AuthedRequest = FastifyRequest & { user?: SessionUser };

/** Registered once, globally: every route needs `Authorization: Bearer <token>` unless @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) throw ApiError.unauthorized();
    const user = await this.auth.authenticate(match[1]);
    const pastQuery =
      typeof request.query === 'object' &&
      request.query !== null &&
      ('at' in request.query || 'asOf' in request.query);
    if (
      user.boardScope !== undefined &&
      (pastQuery || !displayLinkMayUse(request.method, request.url.split('?')[0]!, user.boardScope))
    )
      throw ApiError.forbidden(
        'Tautan layar hanya dapat membaca papannya sendiri secara langsung.',
        'A display link can only read its own board, live.',
      );
    request.user = user;
    return true;
  }
}

/** The projector's link reads its board and the events after it, and can log itself out: nothing else. */
function displayLinkMayUse(method: string, path: string, boardId: string): boolean {
  const board = `/api/boards/${boardId}`;
  if (method === 'GET') return path === board || path === `${board}/events` || path === '/api/auth/me';
  return method === 'POST' && path === '/api/auth/logout';
}

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): SessionUser => {
  const user = context.switchToHttp().getRequest<AuthedRequest>().user;
  if (!user) throw ApiError.unauthorized();
  return user;
});
