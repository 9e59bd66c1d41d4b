import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** A small keep-alive JSON client (lighter than fetch, so the load generator costs less CPU). */
export function postJson(
  url: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: unknown }> {
  const data = JSON.stringify(body);
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : undefined });
        });
      },
    );
    req.on('error', reject);
    // Headers and body must not wait for a delayed ACK (Nagle): that alone caps a connection at ~25 req/s.
    req.setNoDelay(true);
    req.end(data);
  });
}

export async function login(url: string, username: string, password = 'selaras'): Promise<string> {
  const res = await postJson(`${url}/api/auth/login`, { username, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return (res.body as { token: string }).token;
}

export function getJson(url: string, token: string): Promise<unknown> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    http
      .get(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString()) as unknown));
        },
      )
      .on('error', reject);
  });
}
