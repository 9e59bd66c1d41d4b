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
      res.status(exception.status).json(exception.body);
      return;
    }
    const parserError = bodyParserError(exception);
    if (parserError) {
      res.status(parserError.status).json(parserError.body);
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      res.status(status).json({
        error: status === 404 ? 'NotFound' : exception.name,
        message: status === 404 ? 'Alamat tidak ditemukan.' : exception.message,
        messageEn: status === 404 ? 'No such route.' : exception.message,
      });
      return;
    }
    this.logger.error({ err: exception }, 'unhandled error');
    res
      .status(500)
      .json({ error: 'InternalError', message: 'Terjadi kesalahan di server.', messageEn: 'Server error.' });
  }
}

function bodyParserError(exception: unknown): ApiError | undefined {
  const e = exception as { type?: unknown; status?: unknown };
  if (typeof e?.type !== 'string' || typeof e.status !== 'number') return undefined;
  if (e.type === 'entity.parse.failed') {
    return new ApiError(400, {
      error: 'MalformedJson',
      message: 'Isi permintaan bukan JSON yang sah.',
      messageEn: 'The request body is not valid JSON.',
    });
  }
  if (e.type === 'entity.too.large') {
    return new ApiError(413, {
      error: 'PayloadTooLarge',
      message: 'Isi permintaan terlalu besar.',
      messageEn: 'The request body is too large.',
    });
  }
  if (e.status >= 400 && e.status < 500) {
    return new ApiError(e.status, {
      error: 'BadRequest',
      message: 'Permintaan tidak dapat dibaca.',
      messageEn: 'Unreadable request.',
    });
  }
  return undefined;
}
