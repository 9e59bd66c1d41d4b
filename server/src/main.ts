import 'reflect-metadata';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { AuthService } from './auth/auth.service';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './auth/users';
import { CLUSTER_STATE } from './cluster/cluster-state.provider';
import type { ClusterState } from './cluster/cluster-state';
import { type AppConfig, ConfigError, loadConfig } from './config/config';
import { registerBodyParsers } from './http/body-parsers';
import { BROTLI_OPTIONS } from './http/json-body';
import { JSON_BODY_LIMIT, answerError, notFound } from './http/http-exception.filter';
import { applyHttpSecurity, inlineScriptsOf } from './security/http-security';
import { LoginLimiter } from './security/login-limiter';
import { isLoopbackHost } from './security/loopback';
import { FIRST_ACCOUNT_HINT } from './security/security-config';
import { securityLogger } from './security/security-log';
import { SecureIoAdapter } from './security/socket-security';
import { PinoNestLogger, createLogger } from './logging/logger';

export interface RunningServer {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/** Builds and starts the server; used by `main()` and by benchmarks that run it in-process. */
export async function startServer(config: AppConfig, logger: Logger): Promise<RunningServer> {
  const started = performance.now();
  const clientIndex = path.join(config.clientDir, 'index.html');
  const hasClient = existsSync(clientIndex);
  const nestLogger = new PinoNestLogger(logger);
  // Fastify under Nest: its router, body parser and answers cost a command about a third of what
  // Express's did (issue 12's profile), and everything below is registered on it directly.
  const adapter = new FastifyAdapter({
    // Behind a reverse proxy, request.ip and the protocol come from X-Forwarded-* only when it is trusted.
    trustProxy: config.security.trustProxy,
    bodyLimit: JSON_BODY_LIMIT,
    // As before under Express: a trailing slash names the same route, and a path parameter (a board or
    // program id) may be longer than the router's default 100 characters.
    routerOptions: { maxParamLength: 500, ignoreTrailingSlash: true },
    // Node's own default (Fastify turns it off): a request that takes longer than 5 minutes is cut.
    requestTimeout: 300_000,
    // What Fastify refuses before any route (a path that is not valid percent-encoding), in our shape.
    frameworkErrors: (error: Error, _request: FastifyRequest, reply: FastifyReply) =>
      answerError(error, reply, logger),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, logger, { serveRoot: !hasClient }),
    adapter,
    // The body parsers are ours (registerBodyParsers), not Nest's: the same limits and strictness as before.
    { logger: nestLogger, bodyParser: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  const securityLog = securityLogger(logger);
  registerBodyParsers(fastify);
  // Headers, CORS and the denial log first, so that every answer (errors too) goes through them.
  const inlineScripts = hasClient ? inlineScriptsOf(readFileSync(clientIndex, 'utf8')) : [];
  applyHttpSecurity(app, config.security, securityLog, inlineScripts);
  // After the body is parsed: the limiter keys on the username in the body.
  // Its counters are in the cluster state, so every instance on this data directory (or Redis) counts alike.
  const loginLimiter = new LoginLimiter(app.get<ClusterState>(CLUSTER_STATE), securityLog);
  fastify.addHook('preHandler', loginLimiter.hook());
  app.useWebSocketAdapter(new SecureIoAdapter(app, config.security, securityLog));
  // A 5,000-program board is megabytes of JSON; gzip makes it a tenth on the meeting's Wi-Fi. Answers
  // already compressed (the board, the nomenclature, the prebuilt assets) are left as they are.
  await app.register(fastifyCompress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: BROTLI_OPTIONS,
  });
  if (hasClient) await serveClient(app, config.clientDir, logger);
  await app.listen({ port: config.port, host: config.host });
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
 * The built client: its hashed assets (with their prebuilt .br/.gz copies), the files beside
 * index.html, and index.html for every other page address. In a plugin of their own, so that the
 * onSend hook runs for these files only and not for every API answer.
 */
async function serveClient(app: NestFastifyApplication, clientDir: string, logger: Logger): Promise<void> {
  const rootFiles = new Set(
    readdirSync(clientDir, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name),
  );
  const page = readFileSync(path.join(clientDir, 'index.html'));
  await app.register(async (web: FastifyInstance) => {
    // Scripts as text/javascript (RFC 9239), not the older application/javascript the plugin names.
    web.addHook('onSend', (_request, reply, payload, done) => {
      const type = reply.getHeader('content-type');
      if (typeof type === 'string' && type.startsWith('application/javascript'))
        reply.header('content-type', `text/javascript${type.slice('application/javascript'.length)}`);
      done(null, payload);
    });
    // Vite names assets by content hash: cache them for good (brotli/gzip files built beside them);
    // the page itself is always revalidated.
    await web.register(fastifyStatic, {
      root: path.join(clientDir, 'assets'),
      prefix: '/assets/',
      maxAge: '365d',
      immutable: true,
      preCompressed: true,
    });
    // The files beside index.html (the icon, …) are served as they are, cached for an hour; every
    // other page address is the client's (it routes itself): index.html, never cached.
    web.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
      const pathname = request.url.split('?')[0]!;
      if (pathname.startsWith('/api/') || pathname === '/api' || pathname.startsWith('/socket.io'))
        return answerError(notFound(), reply, logger);
      const name = safeDecode(pathname.slice(1));
      if (name !== undefined && rootFiles.has(name)) return reply.sendFile(name, clientDir, { maxAge: '1h' });
      return reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(page);
    });
  });
}

/** A URL path segment decoded, or undefined when it is not valid percent-encoding. */
function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
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
