import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

/** The configured adapter behind the port. Other adapters load lazily here, so embedded mode loads none. */
export const eventStoreProvider: Provider = {
  provide: EVENT_STORE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): EventStore => {
    switch (config.store) {
      case 'sqlite':
        return new SqliteEventStore({ filename: config.sqliteFile });
    }
  },
};
