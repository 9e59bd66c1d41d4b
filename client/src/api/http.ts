import { BOARD_HEADERS, type ErrorResponse } from '@selaras/shared';
import { takePrefetched } from './prefetch';
import { yieldToBrowser } from './yield';

/** The server answered with an error body (`{error, message, messageEn}`). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorResponse & Record<string, unknown>,
  ) {
    super(body.message);
  }
}

/** No answer at all: offline, DNS, a dropped connection. The request may be retried. */
export class NetworkError extends Error {}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  token?: string | null;
  signal?: AbortSignal;
  /** Called with the share of the body received (0–1) while a large answer downloads. */
  onProgress?: (fraction: number) => void;
  /** Called with the response headers as soon as they arrive, before the body. */
  onHeaders?: (headers: Headers) => void;
}

/** fetch for the Selaras API: JSON in, JSON out, errors as HttpError / NetworkError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const method = options.method ?? 'GET';
  // index.html may already have asked for this (the board on first load): take that answer once.
  const prefetched = method === 'GET' && !options.signal ? takePrefetched(path, options.token) : undefined;
  let response: Response;
  try {
    response =
      (await prefetched) ??
      (await fetch(path, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      }));
  } catch (cause) {
    if ((cause as Error).name === 'AbortError') throw cause;
    throw new NetworkError((cause as Error).message);
  }
  options.onHeaders?.(response.headers);
  const text = options.onProgress
    ? await readWithProgress(response, options.onProgress)
    : await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // A proxy's HTML error page: described below by status.
  }
  if (!response.ok) {
    const body =
      parsed && typeof parsed === 'object' && 'error' in parsed
        ? (parsed as ErrorResponse)
        : {
            error: 'HttpError',
            message: `Server menjawab ${response.status}`,
            messageEn: `The server answered ${response.status}`,
          };
    throw new HttpError(response.status, body as ErrorResponse & Record<string, unknown>);
  }
  return parsed as T;
}

/** A retry can help: no answer, the store was down, a gateway in between failed. */
export function isTransient(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof HttpError && error.status >= 500);
}

async function readWithProgress(response: Response, onProgress: (fraction: number) => void): Promise<string> {
  const total = Number(
    response.headers.get(BOARD_HEADERS.uncompressedLength) ?? response.headers.get('Content-Length') ?? 0,
  );
  if (!response.body || !total) return response.text();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress(Math.min(1, received / total));
    // A body that is already here reads in one go without leaving the main thread; the socket's
    // handshake (it connects meanwhile) would then wait behind the read, the parse and the first render.
    await yieldToBrowser();
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder().decode(bytes);
}
