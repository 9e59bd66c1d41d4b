import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { StoreSpec } from '../event-store/store-factory';
import { nomenclatureRoots } from '../nomenclature/nomenclature-files';
import { type ClusterConfig, clusterConfig, clusterEnvShape } from '../cluster/cluster-config';
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
  /** Unset: 127.0.0.1 in demo mode (the demo's published passwords stay on this machine), else 0.0.0.0. */
  HOST: z.string().trim().min(1).optional(),
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
  /** Default: readable lines in development, JSON lines in production and tests. */
  SELARAS_LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  SELARAS_CLIENT_DIR: z.string().optional(),
  /** More nomenclature version folders (a newer decree), separated like PATH. */
  SELARAS_NOMENCLATURE_DIR: z.string().optional(),
  ...securityEnvShape,
  ...clusterEnvShape,
});

export interface AppConfig {
  production: boolean;
  port: number;
  host: string;
  /** True when HOST was set (in demo mode it is then honoured, with a loud warning if not loopback). */
  hostSet: boolean;
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
  logFormat: 'json' | 'pretty';
  clientDir: string;
  /** Where nomenclature versions are read from at start: shipped, SELARAS_NOMENCLATURE_DIR, the data dir. */
  nomenclatureDirs: string[];
  /** Rate limits, CORS, HSTS, proxy trust (server/src/security). */
  security: SecurityConfig;
  /** Where rate limits, login counters and presence are shared between instances (server/src/cluster). */
  cluster: ClusterConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the environment. `signsTokens: false` is for tools that never sign a token (the user CLI,
 * backup, restore): they neither demand SELARAS_TOKEN_SECRET in production nor leave a token-secret
 * file behind, and get the secret there is, or `''`.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: { signsTokens?: boolean } = {},
): AppConfig {
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
  const cluster = clusterConfig(e, dataDir);
  if (typeof cluster === 'string') throw new ConfigError(cluster);
  mkdirSync(dataDir, { recursive: true });
  let tokenSecret = e.SELARAS_TOKEN_SECRET;
  if (options.signsTokens === false) {
    tokenSecret ??= readLocalSecret(dataDir) ?? '';
  } else if (production) {
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
    host: e.HOST ?? (demo ? '127.0.0.1' : '0.0.0.0'),
    hostSet: e.HOST !== undefined,
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
    logFormat: e.SELARAS_LOG_FORMAT ?? (e.NODE_ENV === 'development' ? 'pretty' : 'json'),
    security: securityConfig(e),
    cluster,
    clientDir: path.resolve(e.SELARAS_CLIENT_DIR ?? path.join(__dirname, '..', '..', '..', 'client', 'dist')),
    nomenclatureDirs: nomenclatureRoots(dataDir, e.SELARAS_NOMENCLATURE_DIR),
  };
}

const LOCAL_SECRET_FILE = 'token-secret';

/**
 * Outside production a random secret is kept in the data directory, so sessions survive a restart.
 * Several processes may start at once on one data directory: they must all end up with the same one.
 */
function localSecret(dataDir: string): string {
  return readLocalSecret(dataDir) ?? writeLocalSecret(dataDir, randomBytes(32).toString('hex'));
}

/** The data directory's token secret, if it has one. */
export function readLocalSecret(dataDir: string): string | undefined {
  const file = path.join(dataDir, LOCAL_SECRET_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/**
 * Writes `secret` as the data directory's token secret unless another process got there first, and
 * returns the one that is there now. The file appears whole (written under a private name, then
 * hard-linked into place, which fails if the name exists), so no process ever reads a half-written
 * secret, and exactly one secret wins.
 */
export function writeLocalSecret(dataDir: string, secret: string): string {
  const file = path.join(dataDir, LOCAL_SECRET_FILE);
  const temp = path.join(dataDir, `.${LOCAL_SECRET_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(temp, secret, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
  return readFileSync(file, 'utf8').trim();
}

/** The event store a configuration names, as the store factory takes it. */
export function storeSpecOf(config: Pick<AppConfig, 'store' | 'sqliteFile' | 'kurrentdbUrl'>): StoreSpec {
  return config.store === 'kurrentdb'
    ? { kind: 'kurrentdb', connectionString: config.kurrentdbUrl ?? '' }
    : { kind: 'sqlite', filename: config.sqliteFile };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
