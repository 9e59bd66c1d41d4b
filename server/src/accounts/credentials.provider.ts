import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, storeSpecOf } from '../config/config';
import { openCredentials } from './credentials-factory';
import { CREDENTIALS, type Credentials } from './credentials.port';

/** The configured credentials store (closed by the accounts service at shutdown). */
export const credentialsProvider: Provider = {
  provide: CREDENTIALS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): Promise<Credentials> => openCredentials(storeSpecOf(config)),
};
