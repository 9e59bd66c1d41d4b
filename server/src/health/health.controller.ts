import { Controller, Get, Inject } from '@nestjs/common';
import { type HealthResponse, PROTOCOL_VERSION } from '@selaras/shared';
import { Public } from '../auth/auth.guard';
import { BoardsService } from '../boards/boards.service';
import { APP_CONFIG, type AppConfig } from '../config/config';

const started = Date.now();

@Controller('api/health')
export class HealthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly boards: BoardsService,
  ) {}

  @Public()
  @Get()
  health(): HealthResponse {
    return {
      status: 'ok',
      version: process.env.npm_package_version ?? '0.1.0',
      protocol: PROTOCOL_VERSION,
      store: this.config.store,
      demo: this.config.demo,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      unhealthyBoards: this.boards.unhealthyBoards(),
      // Never the demo accounts or their password: anyone who reaches the server reads this. The login
      // page gets them from /api/auth/demo-accounts, on the server's own machine only.
    };
  }
}
