import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { Logger } from 'pino';
import { AccountsController } from './accounts/accounts.controller';
import { AccountsService } from './accounts/accounts.service';
import { credentialsProvider } from './accounts/credentials.provider';
import { AUDIT_CONTROLLERS, AUDIT_PROVIDERS } from './audit/audit.providers';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { BoardsController } from './boards/boards.controller';
import { BoardsService } from './boards/boards.service';
import { DemoSeeder } from './boards/demo-seeder';
import { APP_CONFIG, type AppConfig } from './config/config';
import { EVENT_STORE, type EventStore } from './event-store/event-store.port';
import { eventStoreProvider } from './event-store/event-store.provider';
import { HealthController } from './health/health.controller';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { IMPORT_CONTROLLERS, IMPORT_PROVIDERS } from './import/import.providers';
import { LOGGER } from './logging/logger';
import { DocsController } from './openapi/docs.controller';
import { RealtimeGateway } from './realtime/realtime.gateway';
import { SecurityModule } from './security/security.module';
import { DemoAccountsController } from './web/demo-accounts.controller';
import { RootController } from './web/root.controller';
import { loadNomenclatures } from './nomenclature/nomenclature-files';
import { NOMENCLATURE_SOURCES, NomenclatureController } from './nomenclature/nomenclature.controller';

/** Closes the store last, after every service that uses it has shut down. */
class StoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger, options: { serveRoot: boolean }): DynamicModule {
    // Before anything decides: commands are checked against the board's nomenclature version.
    const nomenclatures = loadNomenclatures(config.nomenclatureDirs);
    logger.info({ versions: [...nomenclatures.keys()] }, 'nomenclature versions loaded');
    return {
      module: AppModule,
      imports: [SecurityModule.forRoot(config, logger)],
      controllers: [
        HealthController,
        DemoAccountsController,
        AuthController,
        AccountsController,
        BoardsController,
        NomenclatureController,
        ...AUDIT_CONTROLLERS,
        ...IMPORT_CONTROLLERS,
        ...(options.serveRoot ? [RootController] : []),
        ...(config.production ? [] : [DocsController]),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: NOMENCLATURE_SOURCES, useValue: nomenclatures },
        eventStoreProvider,
        StoreCloser,
        credentialsProvider,
        AccountsService,
        AuthService,
        BoardsService,
        ...AUDIT_PROVIDERS,
        ...IMPORT_PROVIDERS,
        DemoSeeder,
        RealtimeGateway,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
