import type { DomainError, ErrorResponse, ValidationIssue } from '@selaras/shared';

/** What every error answer carries: both languages are required here, so none can ship without English. */
export type ApiErrorBody = ErrorResponse & { messageEn: string } & Record<string, unknown>;

/** An error with the HTTP status and the body a person (or script) can act on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
    /** Extra response headers (Retry-After on a 429). */
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
    this.name = 'ApiError';
  }

  static validation(
    issues: ValidationIssue[],
    what: { id: string; en: string } = { id: 'Permintaan', en: 'request' },
  ): ApiError {
    const first = issues[0];
    const where = (message: string) => (first ? ` (${first.path ? `${first.path}: ` : ''}${message})` : '');
    return new ApiError(400, {
      error: 'ValidationFailed',
      message: `${what.id} tidak sah${where(first?.message ?? '')}.`,
      messageEn: `Invalid ${what.en}${where(first?.messageEn ?? '')}.`,
      issues,
    });
  }

  static domain(error: DomainError): ApiError {
    const status = error.code === 'BoardNotFound' ? 404 : error.code === 'Forbidden' ? 403 : 400;
    return new ApiError(status, {
      error: error.code,
      message: error.message,
      messageEn: error.messageEn,
      issues: [],
    });
  }

  static unauthorized(
    message = 'Silakan masuk terlebih dahulu.',
    messageEn = 'Please log in first.',
  ): ApiError {
    return new ApiError(401, { error: 'Unauthorized', message, messageEn });
  }

  static forbidden(message: string, messageEn: string): ApiError {
    return new ApiError(403, { error: 'Forbidden', message, messageEn });
  }

  static notFound(message: string, messageEn: string): ApiError {
    return new ApiError(404, { error: 'NotFound', message, messageEn });
  }

  static conflict(message: string, messageEn: string): ApiError {
    return new ApiError(409, { error: 'Conflict', message, messageEn });
  }

  /** 429 with `Retry-After` (whole seconds, at least 1) in the header and the body. */
  static tooManyRequests(retryAfterSeconds: number, message: string, messageEn: string): ApiError {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    return new ApiError(
      429,
      { error: 'TooManyRequests', message, messageEn, retryAfterSeconds: seconds },
      { 'Retry-After': String(seconds) },
    );
  }

  static unavailable(message: string, messageEn: string): ApiError {
    return new ApiError(503, { error: 'Unavailable', message, messageEn });
  }
}
