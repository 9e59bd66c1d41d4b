import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { AuthService } from './auth/auth.service';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './auth/users';
import { CLUSTER_STATE } from './cluster/cluster-state.provider';
import type { ClusterState } from './cluster/cluster-state';
import { type AppConfig, ConfigError, loadConfig } from './config/config';
import { applyHttpSecurity, inlineScriptsOf } from './security/http-security';
import { LoginLimiter } from './security/login-limiter';
import { isLoopbackHost } from './security/loopback';
import { FIRST_ACCOUNT_HINT } from './security/security-config';
import { securityLogger } from './security/security-log';
import { SecureIoAdapter } from './security/socket-security';
import { PinoNestLogger, createLogger } from './logging/logger';
import { precompressedAssets } from './web/precompressed-assets';

export interface RunningServer {
  app: NestExpressApplication;
  url: string;
  close(): Promise<void>;
}

/** Builds and starts the server; used by `main()` and by benchmarks that run it in-process. */
export async function startServer(config: AppConfig, logger: Logger): Promise<RunningServer> {
  const started = performance.now();
  const clientIndex = path.join(config.clientDir, 'index.html');
  const hasClient = existsSync(clientIndex);
  const nestLogger = new PinoNestLogger(logger);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, logger, { serveRoot: !hasClient }),
    { logger: nestLogger, bodyParser: false },
  );
  app.disable('x-powered-by');
  const securityLog = securityLogger(logger);
  // Headers, CORS and the denial log first, so that every answer (errors too) goes through them.
  const inlineScripts = hasClient ? inlineScriptsOf(readFileSync(clientIndex, 'utf8')) : [];
  applyHttpSecurity(app, config.security, securityLog, inlineScripts);
  app.useBodyParser('json', { limit: '512kb' });
  // After the body parser: the limiter keys on the username in the body.
  // Its counters are in the cluster state, so every instance on this data directory (or Redis) counts alike.
  app.use(
    '/api/auth/login',
    new LoginLimiter(app.get<ClusterState>(CLUSTER_STATE), securityLog).middleware(),
  );
  app.useWebSocketAdapter(new SecureIoAdapter(app, config.security, securityLog));
  // A 5,000-program board is megabytes of JSON; gzip makes it a tenth on the meeting's Wi-Fi. Only
  // what is read (GET, HEAD): a command's answer is small, and wrapping every response cost commands CPU.
  const gzip = compression({ threshold: 1024 });
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.method === 'GET' || req.method === 'HEAD' ? gzip(req, res, next) : next(),
  );
  if (hasClient) {
    // Vite names assets by content hash: cache them for good; the page itself is always revalidated.
    const assets = path.join(config.clientDir, 'assets');
    app.use('/assets', precompressedAssets(assets));
    app.useStaticAssets(assets, {
      prefix: '/assets/',
      maxAge: '365d',
      immutable: true,
    });
    app.useStaticAssets(config.clientDir, { index: false, maxAge: '1h' });
    app.use((req: Request, res: Response, next: NextFunction) => {
      const isPage =
        (req.method === 'GET' || req.method === 'HEAD') &&
        !req.path.startsWith('/api') &&
        !req.path.startsWith('/socket.io');
      if (isPage) res.sendFile(clientIndex, { headers: { 'Cache-Control': 'no-cache' } });
      else next();
    });
  }
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { address: string; port: number };
  const url = `http://localhost:${address.port}`;
  // Before "ready": whoever reads the start-up sees the warning first.
  if (config.demo && !isLoopbackHost(config.host)) warnDemoExposed(config, logger);
  logger.info(
    {
      url,
      listening: address.address,
      store: config.store,
      cluster: config.cluster.kind,
      dataDir: config.dataDir,
      demo: config.demo,
      client: hasClient,
      routes: nestLogger.routesMapped,
      startupMs: Math.round(performance.now() - started),
    },
    `Selaras siap di ${url}`,
  );
  // A plain banner for the person who typed `npm start` (the JSON logs on stdout are for machines).
  process.stderr.write(
    `\nSelaras siap: ${url}\n` +
      (config.demo
        ? `Mode demo — akun: ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')} (kata sandi: ${DEMO_PASSWORD})\n` +
          'Papan demo: banyuasin-2025-2029 (Data contoh)\n\n'
        : '\n'),
  );
  if (config.demo) {
    logger.info(
      { accounts: DEMO_ACCOUNTS.map((a) => ({ username: a.username, role: a.role, opdId: a.opdId })) },
      `Mode demo: akun ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')} — kata sandi "${DEMO_PASSWORD}". Jangan dipakai untuk data sungguhan.`,
    );
  }
  if (!config.demo && app.get(AuthService).accountCount === 0) {
    // A production install starts with no account at all: say how to make the first one.
    logger.warn({ accounts: 0 }, `Belum ada akun. ${FIRST_ACCOUNT_HINT}`);
    process.stderr.write(`Belum ada akun (no accounts yet). ${FIRST_ACCOUNT_HINT}\n\n`);
  }
  return { app, url, close: () => app.close() };
}

/**
 * Demo mode listens on 127.0.0.1 unless HOST says otherwise: its accounts have a published password.
 * Someone who opened it to the network anyway is told, loudly, in the log and on the terminal.
 */
function warnDemoExposed(config: AppConfig, logger: Logger): void {
  securityLogger(logger).warn(
    { event: 'demo.exposed', host: config.host, port: config.port },
    `Mode demo terbuka ke jaringan (HOST=${config.host}): siapa pun di jaringan dapat masuk sebagai sekretariat dengan kata sandi "${DEMO_PASSWORD}".`,
  );
  const line = '!'.repeat(78);
  process.stderr.write(
    `${line}\n` +
      `PERINGATAN: mode demo mendengarkan di luar komputer ini (HOST=${config.host}).\n` +
      `Siapa pun di jaringan dapat masuk sebagai sekretariat dengan kata sandi "${DEMO_PASSWORD}".\n` +
      'Hapus HOST agar demo hanya di komputer ini (127.0.0.1), atau pakai NODE_ENV=production.\n' +
      `WARNING: demo mode listens beyond this machine (HOST=${config.host}). Anyone on the network can\n` +
      `sign in as sekretariat with the published password "${DEMO_PASSWORD}". Unset HOST to keep the\n` +
      'demo on this machine, or run in production mode with real accounts.\n' +
      `${line}\n\n`,
  );
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, config.logFormat);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  let server: RunningServer;
  try {
    server = await startServer(config, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'Selaras could not start');
    process.exit(1);
  }
  // Clean shutdown: stop taking requests, let in-flight commands finish, snapshot, close the store.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) void main();
