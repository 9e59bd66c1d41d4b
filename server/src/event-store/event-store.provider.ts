import type { Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { LOGGER } from '../logging/logger';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { formatPosition } from './kurrentdb-mapping';
import { openEventStore } from './store-factory';

/** The configured adapter behind the port. Other adapters load lazily there, so embedded mode loads none. */
export const eventStoreProvider: Provider = {
  provide: EVENT_STORE,
  inject: [APP_CONFIG, LOGGER],
  useFactory: (config: AppConfig, logger: Logger): Promise<EventStore> =>
    openEventStore(
      config.store === 'kurrentdb'
        ? { kind: 'kurrentdb', connectionString: config.kurrentdbUrl ?? '' }
        : { kind: 'sqlite', filename: config.sqliteFile },
      {
        resume: {
          onDrop: ({ error, attempt, delayMs, after }) =>
            logger.warn(
              { err: error, attempt, delayMs, after: formatPosition(after) },
              'KurrentDB subscription dropped; resubscribing',
            ),
        },
      },
    ),
};
