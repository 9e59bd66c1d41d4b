import type { IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config/config';
import { cspSafeHost, originAllowed } from './origin';
import { looksLikeDefaultSecret } from './security-config';

describe('security configuration', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'selaras-secconf-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const load = (env: Record<string, string>) => loadConfig({ SELARAS_DATA_DIR: dir, ...env });

  it('defaults: same origin only, 20 commands/s with a burst of 60, HSTS on https, no proxy trusted', () => {
    expect(load({}).security).toEqual({
      corsOrigins: [],
      commandRate: 20,
      commandBurst: 60,
      hsts: 'auto',
      trustProxy: false,
    });
  });

  it('normalises the CORS origins and refuses anything that is not an origin', () => {
    const config = load({ SELARAS_CORS_ORIGIN: ' https://Rapat.Example.go.id/ , http://localhost:5173' });
    expect(config.security.corsOrigins).toEqual(['https://rapat.example.go.id', 'http://localhost:5173']);
    for (const bad of ['*', 'rapat.example.go.id', 'https://x.id/path', 'ftp://x.id', 'https://u:p@x.id']) {
      expect(() => load({ SELARAS_CORS_ORIGIN: bad })).toThrow(ConfigError);
      expect(() => load({ SELARAS_CORS_ORIGIN: bad })).toThrow(/SELARAS_CORS_ORIGIN/);
    }
  });

  it('reads the command rate, its burst and the proxy trust', () => {
    const config = load({ SELARAS_COMMAND_RATE: '0', SELARAS_TRUST_PROXY: 'loopback' });
    expect(config.security).toMatchObject({ commandRate: 0, commandBurst: 1, trustProxy: 'loopback' });
    expect(load({ SELARAS_COMMAND_RATE: '5', SELARAS_COMMAND_BURST: '7' }).security).toMatchObject({
      commandRate: 5,
      commandBurst: 7,
    });
    expect(() => load({ SELARAS_COMMAND_RATE: '-1' })).toThrow(/SELARAS_COMMAND_RATE/);
  });

  it('production refuses placeholder secrets and says how to make the first account', () => {
    const production = { NODE_ENV: 'production' };
    expect(() =>
      load({ ...production, SELARAS_TOKEN_SECRET: 'change-me-change-me-change-me-change-me' }),
    ).toThrow(/SELARAS_TOKEN_SECRET/);
    expect(() => load({ ...production, SELARAS_TOKEN_SECRET: 'ab'.repeat(20) })).toThrow(ConfigError);
    expect(() =>
      load({ ...production, SELARAS_DEMO: 'true', SELARAS_TOKEN_SECRET: 'q7Lr9xT2vB8mK4pZ1wY6nC3hJ5sD0fGa' }),
    ).toThrow(/npm run user -- add --role sekretariat/);
    expect(load({ ...production, SELARAS_TOKEN_SECRET: 'q7Lr9xT2vB8mK4pZ1wY6nC3hJ5sD0fGa' }).demo).toBe(
      false,
    );
    expect(looksLikeDefaultSecret('uji-konfigurasi-rahasia-0123456789abcdef')).toBe(false);
    expect(looksLikeDefaultSecret('<your-secret-of-32-characters-here>')).toBe(true);
  });
});

describe('origin checks', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

  it('allows no Origin, the own host and configured origins; refuses others and "null"', () => {
    const allowed = ['https://rapat.example.go.id'];
    expect(originAllowed(req({ host: 'localhost:3000' }), [], false)).toBe(true);
    expect(originAllowed(req({ host: 'localhost:3000', origin: 'http://localhost:3000' }), [], false)).toBe(
      true,
    );
    expect(originAllowed(req({ host: 'localhost:3000', origin: 'http://evil.example' }), [], false)).toBe(
      false,
    );
    expect(originAllowed(req({ host: 'localhost:3000', origin: 'http://localhost:3001' }), [], false)).toBe(
      false,
    );
    expect(originAllowed(req({ host: 'localhost:3000', origin: 'null' }), [], false)).toBe(false);
    expect(
      originAllowed(req({ host: 'localhost:3000', origin: 'https://rapat.example.go.id' }), allowed, false),
    ).toBe(true);
  });

  it('uses X-Forwarded-Host only when a proxy is trusted', () => {
    const headers = {
      host: '127.0.0.1:3000',
      origin: 'https://rapat.go.id',
      'x-forwarded-host': 'rapat.go.id',
    };
    expect(originAllowed(req(headers), [], true)).toBe(true);
    expect(originAllowed(req(headers), [], false)).toBe(false);
  });

  it('writes only plain hosts into the CSP', () => {
    expect(cspSafeHost('localhost:3000')).toBe('localhost:3000');
    expect(cspSafeHost('[::1]:3000')).toBe('[::1]:3000');
    for (const bad of ["x; script-src 'unsafe-inline'", 'a b', '', undefined])
      expect(cspSafeHost(bad)).toBeUndefined();
  });
});
