import { randomUUID } from 'node:crypto';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Inject,
  NotFoundException,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../logging/logger';
import { ApiError } from './api-error';

/** The largest JSON body a request may carry. */
export const JSON_BODY_LIMIT = 512 * 1024;

/** The reply's methods the answer uses (Fastify's reply; a recording fake in tests). */
export type ErrorReply = Pick<FastifyReply, 'sent' | 'status' | 'headers' | 'send'> & {
  request: { method: string; url: string };
};

/**
 * The one place errors become HTTP answers, for Nest's routes (this filter) and for what Fastify
 * answers itself (main.ts's error handler): ApiError as is, Nest's own exceptions (404 route, …) and
 * body failures (unparsable, too large, an unsupported type) as 4xx with a readable message. Anything
 * else is a bug: logged with its stack, answered 500 without internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    answerError(exception, host.switchToHttp().getResponse<ErrorReply>(), this.logger);
  }
}

export function answerError(exception: unknown, reply: ErrorReply, logger: Logger): void {
  if (reply.sent) return;
  if (exception instanceof ApiError) {
    reply.status(exception.status).headers(exception.headers).send(exception.body);
    return;
  }
  const answer = exception instanceof HttpException ? httpExceptionAnswer(exception) : bodyError(exception);
  if (answer) {
    reply.status(answer.status).send(answer.body);
    return;
  }
  // The answer names only an id; the stack and the request stay in the log under the same id.
  const errorId = randomUUID();
  const { method, url } = reply.request;
  logger.error(
    { err: exception, errorId, method, path: url.split('?')[0]?.slice(0, 300) },
    'unhandled error',
  );
  reply.status(500).send({
    error: 'InternalError',
    message: `Terjadi kesalahan di server (kode ${errorId}).`,
    messageEn: `Server error (reference ${errorId}).`,
    errorId,
  });
}

/** An address no route answers. */
export const notFound = (): NotFoundException => new NotFoundException();

/** Nest's own exceptions (unknown route, a body it could not parse, a bad URL) in our error shape. */
function httpExceptionAnswer(exception: HttpException): ApiError {
  const status = exception.getStatus();
  if (status === 404) {
    return new ApiError(404, {
      error: 'NotFound',
      message: 'Alamat tidak ditemukan.',
      messageEn: 'No such route.',
    });
  }
  if (status === 400 && /JSON/i.test(exception.message)) return malformedJson();
  if (status === 413) return payloadTooLarge();
  return new ApiError(status, {
    error: status === 400 ? 'BadRequest' : exception.name,
    message: `Permintaan tidak dapat diproses (${exception.message}).`,
    messageEn: `The request could not be processed (${exception.message}).`,
  });
}

const malformedJson = () =>
  new ApiError(400, {
    error: 'MalformedJson',
    message: 'Isi permintaan bukan JSON yang sah.',
    messageEn: 'The request body is not valid JSON.',
  });

const payloadTooLarge = () =>
  new ApiError(413, {
    error: 'PayloadTooLarge',
    message: 'Isi permintaan terlalu besar (maksimal 512 KB).',
    messageEn: 'The request body is too large (512 KB at most).',
  });

/**
 * What Fastify throws reading a body: a 4xx `statusCode` and a `code` (FST_ERR_CTP_…), or a
 * SyntaxError from the JSON parser (statusCode 400).
 */
function bodyError(exception: unknown): ApiError | undefined {
  const e = exception as { code?: unknown; status?: unknown; statusCode?: unknown; message?: unknown };
  const status =
    typeof e?.statusCode === 'number' ? e.statusCode : typeof e?.status === 'number' ? e.status : undefined;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  if (exception instanceof SyntaxError || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return malformedJson();
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) return payloadTooLarge();
  return new ApiError(status, {
    error: 'BadRequest',
    message: 'Permintaan tidak dapat dibaca (isi, pengodean atau jenis kontennya tidak didukung).',
    messageEn: `Unreadable request${typeof e.message === 'string' ? ` (${e.message})` : ''}.`,
  });
}
