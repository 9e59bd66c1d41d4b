import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { LOGGER } from '../logging/logger';
import { ApiError } from './api-error';

/**
 * The one place errors become HTTP answers: ApiError as is, Nest's own exceptions (404 route, …) and
 * body-parser failures as 4xx with a readable message. Anything else is a bug: logged with its stack,
 * answered 500 without internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof ApiError) {
      res.status(exception.status).set(exception.headers).json(exception.body);
      return;
    }
    const answer =
      exception instanceof HttpException ? httpExceptionAnswer(exception) : bodyParserError(exception);
    if (answer) {
      res.status(answer.status).json(answer.body);
      return;
    }
    // The answer names only an id; the stack and the request stay in the log under the same id.
    const errorId = randomUUID();
    const req = host.switchToHttp().getRequest<{ method?: string; originalUrl?: string }>();
    this.logger.error(
      { err: exception, errorId, method: req.method, path: req.originalUrl?.split('?')[0]?.slice(0, 300) },
      'unhandled error',
    );
    res.status(500).json({
      error: 'InternalError',
      message: `Terjadi kesalahan di server (kode ${errorId}).`,
      messageEn: `Server error (reference ${errorId}).`,
      errorId,
    });
  }
}

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

/** Errors from body-parser and its decompression, which carry a 4xx `status` (and usually a `type`). */
function bodyParserError(exception: unknown): ApiError | undefined {
  const e = exception as { type?: unknown; status?: unknown; statusCode?: unknown; message?: unknown };
  const status =
    typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  if (e.type === 'entity.parse.failed') return malformedJson();
  if (e.type === 'entity.too.large' || status === 413) return payloadTooLarge();
  return new ApiError(status, {
    error: 'BadRequest',
    message: 'Permintaan tidak dapat dibaca (isi, pengodean atau jenis kontennya tidak didukung).',
    messageEn: `Unreadable request${typeof e.message === 'string' ? ` (${e.message})` : ''}.`,
  });
}
