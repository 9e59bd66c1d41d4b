import type { IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config/config';
import { fromThisMachine, isLoopbackAddress, isLoopbackHost } from './loopback';
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
      limits: {
        joins: { rate: 2, burst: 30 },
        presence: { rate: 5, burst: 30 },
        audit: { rate: 1, burst: 30 },
      },
      hsts: 'auto',
      trustProxy: false,
    });
  });

  it('reads the join, presence and audit limits', () => {
    const config = load({ SELARAS_JOIN_RATE: '0', SELARAS_PRESENCE_BURST: '7', SELARAS_AUDIT_RATE: '0.5' });
    expect(config.security.limits).toEqual({
      joins: { rate: 0, burst: 30 },
      presence: { rate: 5, burst: 7 },
      audit: { rate: 0.5, burst: 30 },
    });
    expect(() => load({ SELARAS_AUDIT_BURST: '0' })).toThrow(/SELARAS_AUDIT_BURST/);
  });

  it('demo mode listens on 127.0.0.1 unless HOST is set; production on every interface', () => {
    const secret = { NODE_ENV: 'production', SELARAS_TOKEN_SECRET: 'q7Lr9xT2vB8mK4pZ1wY6nC3hJ5sD0fGa' };
    expect(load({})).toMatchObject({ demo: true, host: '127.0.0.1', hostSet: false });
    expect(load({ HOST: '0.0.0.0' })).toMatchObject({ demo: true, host: '0.0.0.0', hostSet: true });
    expect(load({ SELARAS_DEMO: 'false' })).toMatchObject({ host: '0.0.0.0' });
    expect(load(secret)).toMatchObject({ demo: false, host: '0.0.0.0', hostSet: false });
    expect(load({ ...secret, HOST: '127.0.0.1' })).toMatchObject({ host: '127.0.0.1' });
  });

  it('shares the cluster state through cluster.sqlite by default, or Redis when its URL is set', () => {
    expect(load({}).cluster).toEqual({
      kind: 'sqlite',
      filename: path.join(dir, 'cluster.sqlite'),
      presenceTtlMs: 20_000,
    });
    expect(load({ SELARAS_REDIS_URL: 'redis://redis:6379', SELARAS_PRESENCE_TTL: '5' }).cluster).toEqual({
      kind: 'redis',
      url: 'redis://redis:6379',
      presenceTtlMs: 5000,
    });
    expect(load({ SELARAS_CLUSTER_STATE: 'memory' }).cluster).toEqual({
      kind: 'memory',
      presenceTtlMs: 20_000,
    });
    expect(() => load({ SELARAS_CLUSTER_STATE: 'redis' })).toThrow(/SELARAS_REDIS_URL/);
    expect(() => load({ SELARAS_CLUSTER_STATE: 'sqlite', SELARAS_REDIS_URL: 'redis://x' })).toThrow(
      /set only one/,
    );
    expect(() => load({ SELARAS_REDIS_URL: 'http://redis' })).toThrow(/SELARAS_REDIS_URL/);
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

describe('this machine', () => {
  it('knows loopback addresses and hosts', () => {
    for (const address of ['127.0.0.1', '127.5.0.1', '::1', '::ffff:127.0.0.1'])
      expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ['10.0.0.1', '192.168.1.5', '::ffff:10.0.0.1', '0.0.0.0', '::', '', undefined])
      expect(isLoopbackAddress(address)).toBe(false);
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '[::1]', '::1'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'selaras.local'])
      expect(isLoopbackHost(host)).toBe(false);
  });

  it('a request is from this machine only when both its peer and its client address are loopback', () => {
    const req = (peer: string, ip: string) =>
      ({ socket: { remoteAddress: peer }, ip }) as unknown as Parameters<typeof fromThisMachine>[0];
    expect(fromThisMachine(req('127.0.0.1', '127.0.0.1'))).toBe(true);
    expect(fromThisMachine(req('::ffff:127.0.0.1', '::1'))).toBe(true);
    // A reverse proxy on this machine forwarding a visitor: not local.
    expect(fromThisMachine(req('127.0.0.1', '192.0.2.10'))).toBe(false);
    // A visitor from the network forging X-Forwarded-For: 127.0.0.1 through a too-trusting proxy setting.
    expect(fromThisMachine(req('192.0.2.10', '127.0.0.1'))).toBe(false);
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
