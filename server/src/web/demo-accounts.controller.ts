import { Controller, Get, Inject, Req } from '@nestjs/common';
import type { DemoAccount } from '@selaras/shared';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.guard';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../auth/users';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ApiError } from '../http/api-error';
import { fromThisMachine } from '../security/loopback';

/**
 * The demo accounts with their (published) password, for the login page's buttons: in demo mode and
 * only to a browser on the server's own machine. /api/health, which anyone reaching the server may
 * read, never carries them; a demo server that was opened to the network (HOST) shows the buttons
 * only on its own screen.
 */
@Controller('api/auth/demo-accounts')
export class DemoAccountsController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get()
  list(@Req() req: FastifyRequest): DemoAccount[] {
    if (!this.config.demo)
      throw ApiError.notFound(
        'Tidak ada akun demo: server ini tidak dalam mode demo.',
        'There are no demo accounts: this server is not in demo mode.',
      );
    if (!fromThisMachine(req))
      throw ApiError.forbidden(
        'Akun demo hanya ditampilkan di komputer server itu sendiri.',
        'Demo accounts are shown only on the server machine itself.',
      );
    return demoAccounts();
  }
}

export function demoAccounts(): DemoAccount[] {
  return DEMO_ACCOUNTS.map(({ username, name, role, opdId }) => ({
    username,
    password: DEMO_PASSWORD,
    name,
    role,
    opdId,
  }));
}
