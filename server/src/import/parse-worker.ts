// The worker thread that reads uploaded spreadsheets (see spreadsheet-reader.ts): a hostile or huge file
// costs this thread's time and memory, never the server's event loop or heap.
import { parentPort } from 'node:worker_threads';
import { SpreadsheetError, type SpreadsheetFormat, readSpreadsheet } from './read-spreadsheet';

interface Job {
  id: number;
  bytes: Uint8Array;
  format: SpreadsheetFormat;
}

parentPort?.on('message', (job: Job) => {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  readSpreadsheet(bytes, job.format).then(
    (table) => parentPort?.postMessage({ id: job.id, ok: true, table }),
    (error: unknown) => {
      const known = error instanceof SpreadsheetError;
      parentPort?.postMessage({
        id: job.id,
        ok: false,
        error: known
          ? { status: error.status, code: error.code, message: error.message, messageEn: error.messageEn }
          : { status: 400, code: 'MalformedFile', detail: (error as Error)?.message ?? String(error) },
      });
    },
  );
});
