import type { IncomingMessage } from 'node:http';

/**
 * May a request carrying this `Origin` use the API or open a socket? Browsers send Origin on every
 * WebSocket handshake and every cross-origin request; scripts and server-to-server clients usually send
 * none and are not the concern of CORS (they hold a token or nothing). Allowed: no Origin, the
 * server's own origin (the Host the request was sent to, or the proxy's X-Forwarded-Host when a proxy
 * is trusted), or one of the configured origins.
 */
export function originAllowed(
  req: IncomingMessage,
  allowed: readonly string[],
  trustForwardedHost: boolean,
): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file://) and garbage
  }
  if (allowed.includes(url.origin)) return true;
  const forwarded = trustForwardedHost ? firstValue(req.headers['x-forwarded-host']) : undefined;
  const host = forwarded ?? req.headers.host;
  // Same host and port; the scheme is not compared because TLS usually ends at a proxy in front.
  return host !== undefined && url.host.toLowerCase() === host.trim().toLowerCase();
}

function firstValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0]?.trim() || undefined;
}

/** A Host header safe to write into a CSP directive (host, IPv4/IPv6 literal, optional port). */
export function cspSafeHost(host: string | undefined): string | undefined {
  return host && /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(host) ? host : undefined;
}
