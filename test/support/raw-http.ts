import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface RawRequest {
  method?: string;
  /** Sent as is: no normalisation of `..`, no re-encoding (unlike fetch). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
}

/**
 * One HTTP request over a fresh connection with node:http, so any method, path, header and byte
 * sequence can be sent. Rejects (naming the request) when the connection drops or nothing answers in
 * time: to a robustness test both are failures, like a 5xx.
 */
export function rawRequest(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const method = request.method ?? 'GET';
  const what = `${method} ${request.path.length > 120 ? `${request.path.slice(0, 120)}…` : request.path}`;
  return new Promise((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      req = http.request(
        { host: hostname, port, method, path: request.path, headers: request.headers, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', (error) => reject(new Error(`${what}: response failed: ${error.message}`)));
        },
      );
    } catch (error) {
      reject(new Error(`${what}: could not be sent: ${(error as Error).message}`));
      return;
    }
    req.setTimeout(request.timeoutMs ?? 10_000, () =>
      req.destroy(new Error(`no answer in ${request.timeoutMs ?? 10_000} ms`)),
    );
    req.on('error', (error) => reject(new Error(`${what}: connection failed: ${error.message}`)));
    req.end(request.body);
  });
}

/** The body parsed as JSON, or `undefined` when it is not JSON. */
export function jsonOf(response: RawResponse): unknown {
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    return undefined;
  }
}
