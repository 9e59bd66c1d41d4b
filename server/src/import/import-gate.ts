import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../http/api-error';

/**
 * At most a few imports at a time in one server process: each holds its file in memory (up to 20 MB)
 * and a parse or a batch takes seconds, so a flood of uploads must wait its turn (429 with
 * Retry-After) rather than exhaust the server's memory. The refused upload is read to its end first,
 * so the client receives the answer instead of a reset connection.
 */
export class ImportGate {
  private inFlight = 0;

  constructor(private readonly max = 4) {}

  get busy(): number {
    return this.inFlight;
  }

  /** Lets the request in (released when its answer is done), or refuses it. */
  async enter(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.inFlight >= this.max) {
      await drain(req);
      throw ApiError.tooManyRequests(
        5,
        'Sedang ada beberapa impor lain berjalan; coba lagi sebentar lagi.',
        'Several other imports are running; try again in a moment.',
      );
    }
    this.inFlight++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.inFlight--;
    };
    res.once('finish', release);
    res.once('close', release);
  }
}

/** Reads and discards a request body (at most 64 MB, then the connection is cut). */
function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    let read = 0;
    if (req.readableEnded) return resolve();
    req.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > 64 * 1024 * 1024) req.destroy();
    });
    req.once('end', () => resolve());
    req.once('close', () => resolve());
    req.resume();
  });
}
