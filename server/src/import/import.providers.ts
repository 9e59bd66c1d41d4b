import type { Logger } from 'pino';
import { LOGGER } from '../logging/logger';
import { ImportController } from './import.controller';
import { ImportService } from './import.service';
import {
  InlineSpreadsheetReader,
  SPREADSHEET_READER,
  type SpreadsheetReader,
  WorkerSpreadsheetReader,
} from './spreadsheet-reader';

/**
 * Import from Excel and CSV (issue 11 §3), registered in AppModule beside the other capabilities.
 * Uploaded files are read in a worker thread when the compiled worker is there (the built server),
 * else in this thread (specs running from TypeScript sources).
 */
export const IMPORT_CONTROLLERS = [ImportController];
export const IMPORT_PROVIDERS = [
  ImportService,
  {
    provide: SPREADSHEET_READER,
    inject: [LOGGER],
    useFactory: (logger: Logger): SpreadsheetReader =>
      WorkerSpreadsheetReader.available()
        ? new WorkerSpreadsheetReader(logger)
        : new InlineSpreadsheetReader(),
  },
];
