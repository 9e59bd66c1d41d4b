import { parentPort, workerData } from 'node:worker_threads';
import { SqliteBatchWriter, type BatchAppend } from './sqlite-batch-writer';
import { openDatabase } from './sqlite-schema';

/**
 * The SQLite store's write thread: its own connection to the file, one batch transaction per message.
 * The commit (and its fsync) runs here, so the server's event loop goes on deciding the next commands
 * meanwhile. Answers `{ result }` or `{ error }` (what failed the whole batch) to each message, in order.
 */
export interface WriteRequest {
  batch: BatchAppend[];
  after: bigint;
}
export interface WorkerOptions {
  filename: string;
  busyTimeoutMs: number;
}

const port = parentPort;
if (port) {
  const { filename, busyTimeoutMs } = workerData as WorkerOptions;
  const db = openDatabase(filename, busyTimeoutMs);
  const writer = new SqliteBatchWriter(db);
  port.on('message', ({ batch, after }: WriteRequest) => {
    try {
      port.postMessage({ result: writer.write(batch, after) });
    } catch (error) {
      const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
      port.postMessage({ error: { name: String(name), message: String(message), code } });
    }
  });
  port.postMessage({ ready: true });
}
