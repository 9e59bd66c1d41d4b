import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.guard';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { fromThisMachine } from '../security/loopback';
import { statusPage } from './status-page';

/** Serves `/` when the built client is absent (main.ts serves client/dist when it exists). */
@Controller()
export class RootController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  root(@Req() req: FastifyRequest): string {
    // The demo password only on the server's own screen, like the login page's demo buttons.
    return statusPage(this.config.demo && fromThisMachine(req));
  }
}
