import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config';
import { CommandLimiter, CommandRateGuard } from './command-limiter';
import { SECURITY_LOG, securityLogger } from './security-log';

/**
 * The Nest side of the hardening: the security log and the per-user command limit (CommandRateGuard,
 * which the command routes use). The HTTP side
 * (headers, CORS, the login limiter) is express middleware that main.ts registers before the routes;
 * the Socket.IO side is SecureIoAdapter.
 */
@Module({})
export class SecurityModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    const log = securityLogger(logger);
    return {
      module: SecurityModule,
      global: true,
      providers: [
        { provide: SECURITY_LOG, useValue: log },
        {
          provide: CommandLimiter,
          useValue: new CommandLimiter(config.security.commandRate, config.security.commandBurst, log),
        },
        CommandRateGuard,
      ],
      exports: [SECURITY_LOG, CommandLimiter, CommandRateGuard],
    };
  }
}
