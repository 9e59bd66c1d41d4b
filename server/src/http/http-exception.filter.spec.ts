import type { ArgumentsHost } from '@nestjs/common';
import pino from 'pino';
import { ApiError } from './api-error';
import { HttpExceptionFilter } from './http-exception.filter';

/** A fake Fastify reply recording what the filter answers. */
function answer(exception: unknown) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({}, { write: (line: string) => lines.push(JSON.parse(line)) });
  const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
  const reply = {
    sent: false,
    request: { method: 'POST', url: '/api/boards/x/commands?secret=1' },
    status(code: number) {
      sent.status = code;
      return reply;
    },
    headers(headers: Record<string, string>) {
      Object.assign(sent.headers, headers);
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  new HttpExceptionFilter(logger).catch(exception, host);
  return { sent, lines };
}

describe('HttpExceptionFilter', () => {
  it('answers an unexpected error 500 with an id only; the stack is logged under the same id', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    const { sent, lines } = answer(bug);
    expect(sent.status).toBe(500);
    const body = sent.body as Record<string, string>;
    expect(body).toEqual({
      error: 'InternalError',
      message: expect.stringContaining(body.errorId!),
      messageEn: expect.stringContaining(body.errorId!),
      errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(JSON.stringify(body)).not.toMatch(/TypeError|reading|\.ts|\.js|\bat\b/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, errorId: body.errorId, path: '/api/boards/x/commands' });
    expect((lines[0]!.err as { stack: string }).stack).toContain('TypeError');
  });

  it('answers an ApiError with its status, body and headers (Retry-After on 429)', () => {
    const { sent, lines } = answer(ApiError.tooManyRequests(1.2, 'Tunggu.', 'Wait.'));
    expect(sent).toEqual({
      status: 429,
      headers: { 'Retry-After': '2' },
      body: { error: 'TooManyRequests', message: 'Tunggu.', messageEn: 'Wait.', retryAfterSeconds: 2 },
    });
    expect(lines).toEqual([]);
  });

  it('answers a thrown non-Error (a string, undefined) as a plain 500 too', () => {
    for (const thrown of ['boom /work/main/server/src/x.ts:1:2', undefined, { stack: 'at x (y.js:1:1)' }]) {
      const { sent } = answer(thrown);
      expect(sent.status).toBe(500);
      expect(JSON.stringify(sent.body)).not.toMatch(/boom|work|x\.ts|y\.js/);
    }
  });
});
