import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { refusedConnectionSetting } from '../event-store/kurrentdb-mapping';
import {
  FIRST_ACCOUNT_HINT,
  type SecurityConfig,
  looksLikeDefaultSecret,
  securityConfig,
  securityEnvShape,
} from '../security/security-config';

/**
 * Configuration comes from the environment only. Production (`NODE_ENV=production`) refuses the demo
 * accounts and demands a real token secret, so nothing about the demo can reach a real deployment.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  SELARAS_DATA_DIR: z.string().default('./data'),
  SELARAS_STORE: z.enum(['sqlite', 'kurrentdb']).optional(),
  /** The issue's name for SELARAS_STORE; accepted as an alias. */
  SELARAS_EVENT_STORE: z.enum(['sqlite', 'kurrentdb']).optional(),
  SELARAS_KURRENTDB_URL: z
    .string()
    .regex(/^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\/\S+$/, 'must be a KurrentDB connection string')
    .optional(),
  SELARAS_DEMO: z.enum(['true', 'false']).optional(),
  SELARAS_TOKEN_SECRET: z.string().optional(),
  SELARAS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(2)
    .max(7 * 24 * 3600)
    .default(12 * 3600),
  SELARAS_SNAPSHOT_EVERY: z.coerce.number().int().min(10).max(1_000_000).default(1000),
  SELARAS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SELARAS_CLIENT_DIR: z.string().optional(),
  ...securityEnvShape,
});

export interface AppConfig {
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  store: 'sqlite' | 'kurrentdb';
  sqliteFile: string;
  /** The KurrentDB connection string; set exactly when `store` is 'kurrentdb'. */
  kurrentdbUrl: string | undefined;
  snapshotDir: string;
  demo: boolean;
  tokenSecret: string;
  tokenTtlSeconds: number;
  snapshotEvery: number;
  logLevel: z.infer<typeof envSchema>['SELARAS_LOG_LEVEL'];
  clientDir: string;
  /** Rate limits, CORS, HSTS, proxy trust (server/src/security). */
  security: SecurityConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const demo = e.SELARAS_DEMO ? e.SELARAS_DEMO === 'true' : !production;
  if (production && demo) {
    throw new ConfigError(
      `SELARAS_DEMO=true is refused in production: demo accounts have a published password. ${FIRST_ACCOUNT_HINT}`,
    );
  }
  if (e.SELARAS_STORE && e.SELARAS_EVENT_STORE && e.SELARAS_STORE !== e.SELARAS_EVENT_STORE) {
    throw new ConfigError('SELARAS_STORE and SELARAS_EVENT_STORE disagree; set only one of them.');
  }
  const store = e.SELARAS_STORE ?? e.SELARAS_EVENT_STORE ?? 'sqlite';
  if (store === 'kurrentdb' && !e.SELARAS_KURRENTDB_URL) {
    throw new ConfigError(
      'SELARAS_KURRENTDB_URL must be set for the KurrentDB store, e.g. kurrentdb://localhost:2113?tls=false',
    );
  }
  const refused = store === 'kurrentdb' ? refusedConnectionSetting(e.SELARAS_KURRENTDB_URL ?? '') : undefined;
  if (refused) throw new ConfigError(`SELARAS_KURRENTDB_URL: ${refused}.`);
  const dataDir = path.resolve(e.SELARAS_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  let tokenSecret = e.SELARAS_TOKEN_SECRET;
  if (production) {
    if (!tokenSecret || tokenSecret.length < 32 || looksLikeDefaultSecret(tokenSecret)) {
      throw new ConfigError(
        'SELARAS_TOKEN_SECRET must be set to at least 32 random characters in production ' +
          '(not a placeholder; e.g. `openssl rand -hex 32`).',
      );
    }
  } else if (!tokenSecret) {
    tokenSecret = localSecret(dataDir);
  }
  return {
    production,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    store,
    sqliteFile: path.join(dataDir, 'selaras.sqlite'),
    kurrentdbUrl: store === 'kurrentdb' ? e.SELARAS_KURRENTDB_URL : undefined,
    snapshotDir: path.join(dataDir, 'snapshots'),
    demo,
    tokenSecret,
    tokenTtlSeconds: e.SELARAS_TOKEN_TTL_SECONDS,
    snapshotEvery: e.SELARAS_SNAPSHOT_EVERY,
    logLevel: e.SELARAS_LOG_LEVEL,
    security: securityConfig(e),
    clientDir: path.resolve(e.SELARAS_CLIENT_DIR ?? path.join(__dirname, '..', '..', '..', 'client', 'dist')),
  };
}

/** Outside production a random secret is kept in the data directory, so sessions survive a restart. */
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, 'token-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
