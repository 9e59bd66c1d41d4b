import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ImportGate } from './import-gate';

const request = (): IncomingMessage => {
  const body = new PassThrough();
  body.end(Buffer.alloc(1024));
  return body as unknown as IncomingMessage;
};
const response = () => new EventEmitter() as unknown as ServerResponse & EventEmitter;

describe('the import gate', () => {
  it('lets a few imports in, refuses the next with 429 after reading its body, and frees a place when one ends', async () => {
    const gate = new ImportGate(2);
    const first = response();
    await gate.enter(request(), first);
    await gate.enter(request(), response());
    await expect(gate.enter(request(), response())).rejects.toMatchObject({
      status: 429,
      body: { error: 'TooManyRequests', retryAfterSeconds: 5 },
      headers: { 'Retry-After': '5' },
    });
    expect(gate.busy).toBe(2);
    first.emit('finish');
    first.emit('close');
    expect(gate.busy).toBe(1);
    await gate.enter(request(), response());
    expect(gate.busy).toBe(2);
  });
});
