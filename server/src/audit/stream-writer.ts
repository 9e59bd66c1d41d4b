import type { Writable } from 'node:stream';

/**
 * Writes to an HTTP response with backpressure: when the socket's buffer is full, waits for `drain`
 * (or for the client to go away), so a long export never holds the whole file in memory.
 */
export class StreamWriter {
  private closed = false;

  constructor(private readonly out: Writable) {
    out.once('close', () => {
      this.closed = true;
    });
  }

  /** False once the client has gone: the caller stops producing. */
  get open(): boolean {
    return !this.closed && !this.out.destroyed;
  }

  async write(chunk: string): Promise<boolean> {
    if (!this.open) return false;
    if (this.out.write(chunk)) return true;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.out.off('drain', done);
        this.out.off('close', done);
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('close', done);
    });
    return this.open;
  }

  end(): void {
    if (this.open) this.out.end();
  }
}
