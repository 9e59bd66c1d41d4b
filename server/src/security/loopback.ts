import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms: this machine only. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.toLowerCase().replace(/^::ffff:/, '');
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return plain === '::1' || plain === '0:0:0:0:0:0:0:1';
}

/** Does listening on HOST keep the server on this machine? (`localhost` resolves to loopback.) */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || isLoopbackAddress(bare);
}

/**
 * Was this request sent from the server's own machine? Both the TCP peer and the client address
 * the server derives (X-Forwarded-For through a trusted proxy) must be loopback, so a reverse proxy on
 * this machine does not make every visitor "local", and a forged header from elsewhere does not either.
 */
export function fromThisMachine(req: FastifyRequest): boolean {
  return isLoopbackAddress(req.socket.remoteAddress) && isLoopbackAddress(req.ip);
}
