import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';

/**
 * A pass-through HTTP and WebSocket proxy in front of the real server that can hold one answer's body:
 * the browser gets that answer's status and headers at once and its body only on `release()`. What a
 * slow network does to a large board's download, made deterministic, so a spec can act while the page
 * has the headers and not yet the body. It can also refuse every WebSocket upgrade, as some office
 * proxies do. Everything else (Socket.IO's long-polling included) passes through untouched.
 */
export class HoldingProxy {
  private releaseBody: () => void = () => undefined;
  private readonly released = new Promise<void>((resolve) => (this.releaseBody = resolve));
  private headersSent: () => void = () => undefined;
  /** Resolves once the held answer's headers went to the browser. */
  readonly holding = new Promise<void>((resolve) => (this.headersSent = resolve));

  private constructor(
    private readonly server: http.Server,
    private readonly sockets: Set<net.Socket>,
  ) {}

  /**
   * `hold`: the path (without query) of the one GET whose body waits for `release()`.
   * `refuseWebSockets`: every upgrade is answered 403, so only long-polling gets through.
   */
  static async start(
    target: string,
    { hold, refuseWebSockets = false }: { hold?: string; refuseWebSockets?: boolean },
  ): Promise<HoldingProxy> {
    const upstream = new URL(target);
    const sockets = new Set<net.Socket>();
    const server = http.createServer();
    const proxy = new HoldingProxy(server, sockets);
    let held = false;
    server.on('request', (req, res) => {
      const forward = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          const holdThis =
            hold !== undefined && !held && req.method === 'GET' && req.url?.split('?')[0] === hold;
          if (!holdThis) {
            answer.pipe(res);
            return;
          }
          held = true;
          res.flushHeaders();
          proxy.headersSent();
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => void proxy.released.then(() => res.end(Buffer.concat(chunks))));
        },
      );
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    });
    server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      if (refuseWebSockets) {
        socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      const through = net.connect(Number(upstream.port), upstream.hostname, () => {
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (let i = 0; i < req.rawHeaders.length; i += 2)
          lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        through.write(`${lines.join('\r\n')}\r\n\r\n`);
        through.write(head);
        socket.pipe(through).pipe(socket);
      });
      for (const end of [socket, through]) {
        sockets.add(end);
        end.on('close', () => sockets.delete(end));
        end.on('error', () => {
          socket.destroy();
          through.destroy();
        });
      }
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Sends the held body. */
  release(): void {
    this.releaseBody();
  }

  async stop(): Promise<void> {
    this.release();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
