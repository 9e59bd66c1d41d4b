import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Public } from '../auth/auth.guard';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { statusPage } from './status-page';

/** Serves `/` when the built client is absent (main.ts serves client/dist when it exists). */
@Controller()
export class RootController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  root(): string {
    return statusPage(this.config.demo);
  }
}
