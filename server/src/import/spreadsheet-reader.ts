import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImportTable } from '@selaras/shared';
import type { Logger } from 'pino';
import { SpreadsheetError, type SpreadsheetFormat, readSpreadsheet } from './read-spreadsheet';

/** Reads a spreadsheet's bytes into an import table (the service does not care where). */
export interface SpreadsheetReader {
  read(bytes: Buffer, format: SpreadsheetFormat): Promise<ImportTable>;
  close(): Promise<void>;
}

export const SPREADSHEET_READER = Symbol('SPREADSHEET_READER');

/** In this thread: the CLI, the bench's raw path, and specs that run from TypeScript sources. */
export class InlineSpreadsheetReader implements SpreadsheetReader {
  read(bytes: Buffer, format: SpreadsheetFormat): Promise<ImportTable> {
    return readSpreadsheet(bytes, format);
  }
  async close(): Promise<void> {}
}

interface Pending {
  resolve: (table: ImportTable) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The server's reader: one worker thread, started on the first upload and kept warm, with its own heap
 * limit and a deadline per file. A file that exhausts the worker's memory or time kills only the
 * worker (the upload gets a 422; the next one starts a fresh worker); the server goes on.
 */
export class WorkerSpreadsheetReader implements SpreadsheetReader {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(
    private readonly logger: Logger,
    private readonly options: { timeoutMs: number; heapMb: number; script?: string } = {
      timeoutMs: 60_000,
      heapMb: 1024,
    },
  ) {}

  /** The compiled worker next to this file (absent when running from TypeScript sources). */
  static readonly SCRIPT = path.join(__dirname, 'parse-worker.js');

  static available(): boolean {
    return existsSync(WorkerSpreadsheetReader.SCRIPT);
  }

  read(bytes: Buffer, format: SpreadsheetFormat): Promise<ImportTable> {
    const worker = this.start();
    const id = ++this.nextId;
    return new Promise<ImportTable>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.logger.warn(
          { ms: this.options.timeoutMs },
          'spreadsheet took too long to read; worker restarted',
        );
        this.fail(tooComplex());
      }, this.options.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, bytes, format });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.script ?? WorkerSpreadsheetReader.SCRIPT, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb },
    });
    worker.unref();
    worker.on(
      'message',
      (answer: { id: number; ok: boolean; table?: ImportTable; error?: Record<string, unknown> }) => {
        const job = this.pending.get(answer.id);
        if (!job) return;
        this.pending.delete(answer.id);
        clearTimeout(job.timer);
        if (answer.ok) job.resolve(answer.table!);
        else job.reject(errorFrom(answer.error ?? {}));
      },
    );
    worker.on('error', (error) => {
      this.logger.warn({ err: error }, 'spreadsheet worker failed; restarting on the next upload');
      this.fail(tooComplex());
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.fail(tooComplex());
    });
    this.worker = worker;
    return worker;
  }

  /** The worker is gone or stuck: every file it held gets the same answer, and the next upload restarts it. */
  private fail(error: SpreadsheetError): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    for (const job of this.pending.values()) {
      clearTimeout(job.timer);
      job.reject(error);
    }
    this.pending.clear();
  }
}

function errorFrom(error: Record<string, unknown>): SpreadsheetError {
  if (typeof error.message === 'string' && typeof error.messageEn === 'string')
    return new SpreadsheetError(
      error.status as SpreadsheetError['status'],
      error.code as SpreadsheetError['code'],
      error.message,
      error.messageEn,
    );
  return new SpreadsheetError(
    400,
    'MalformedFile',
    'File tidak dapat dibaca sebagai lembar kerja.',
    'The file cannot be read as a spreadsheet.',
  );
}

function tooComplex(): SpreadsheetError {
  return new SpreadsheetError(
    422,
    'FileRefused',
    'File terlalu rumit untuk dibaca (waktu atau memori habis); pecah menjadi beberapa file.',
    'The file is too complex to read (it ran out of time or memory); split it into several files.',
  );
}
