import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Logger } from 'pino';
import type { ServerOptions } from 'socket.io';
import { originAllowed } from './origin';
import type { SecurityConfig } from './security-config';

/**
 * Socket.IO with the HTTP API's origin policy. A WebSocket is not covered by CORS (the browser opens it
 * from any page and merely reports the page's Origin), so the handshake itself is refused here unless
 * it comes from the server's own origin or a configured one; `cors` only lets those origins use the
 * polling transport from a browser.
 */
export class SecureIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly security: SecurityConfig,
    private readonly log: Logger,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): unknown {
    const { corsOrigins, trustProxy } = this.security;
    return super.createIOServer(port, {
      ...options,
      cors: corsOrigins.length > 0 ? { origin: [...corsOrigins], credentials: false } : undefined,
      allowRequest: (req, callback) => {
        if (originAllowed(req, corsOrigins, trustProxy !== false)) return callback(null, true);
        this.log.warn(
          {
            event: 'origin.refused',
            transport: 'socket.io',
            origin: String(req.headers.origin).slice(0, 200),
            ip: req.socket.remoteAddress,
          },
          'socket handshake from a foreign origin refused',
        );
        callback('Origin not allowed', false);
      },
    } as ServerOptions);
  }
}
