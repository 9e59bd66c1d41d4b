import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { preferredEncoding } from '../http/json-body';

const SUFFIX = { br: '.br', gzip: '.gz' } as const;

/**
 * Serves the client's scripts and stylesheets from the `.br` / `.gz` copies the build wrote beside
 * them (scripts/precompress-client.js), by the browser's Accept-Encoding: no compression per download
 * (~25 ms of server time for the main script each time) and Brotli's best ratio. Anything without a
 * copy, or a browser that takes neither, falls through to the plain static files.
 */
export function precompressedAssets(dir: string) {
  const present = new Set(existsSync(dir) ? readdirSync(dir) : []);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const name = decodeURIComponent(req.path).replace(/^\/+/, '');
    const encoding = preferredEncoding(req);
    if (!encoding || name.includes('/') || !present.has(name) || !present.has(name + SUFFIX[encoding]))
      return next();
    res.setHeader('Content-Encoding', encoding);
    res.vary('Accept-Encoding');
    res.type(path.extname(name));
    res.sendFile(name + SUFFIX[encoding], {
      root: dir,
      maxAge: '365d',
      immutable: true,
      dotfiles: 'deny',
    });
  };
}
