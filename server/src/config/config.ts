import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration comes from the environment only. Production (`NODE_ENV=production`) refuses the demo
 * accounts and demands a real token secret, so nothing about the demo can reach a real deployment.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  SELARAS_DATA_DIR: z.string().default('./data'),
  SELARAS_STORE: z.enum(['sqlite']).default('sqlite'),
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
});

export interface AppConfig {
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  store: 'sqlite';
  sqliteFile: string;
  snapshotDir: string;
  demo: boolean;
  tokenSecret: string;
  tokenTtlSeconds: number;
  snapshotEvery: number;
  logLevel: z.infer<typeof envSchema>['SELARAS_LOG_LEVEL'];
  clientDir: string;
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
      'SELARAS_DEMO=true is refused in production: demo accounts have a published password.',
    );
  }
  const dataDir = path.resolve(e.SELARAS_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  let tokenSecret = e.SELARAS_TOKEN_SECRET;
  if (production) {
    if (!tokenSecret || tokenSecret.length < 32) {
      throw new ConfigError(
        'SELARAS_TOKEN_SECRET must be set to at least 32 random characters in production.',
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
    store: e.SELARAS_STORE,
    sqliteFile: path.join(dataDir, 'selaras.sqlite'),
    snapshotDir: path.join(dataDir, 'snapshots'),
    demo,
    tokenSecret,
    tokenTtlSeconds: e.SELARAS_TOKEN_TTL_SECONDS,
    snapshotEvery: e.SELARAS_SNAPSHOT_EVERY,
    logLevel: e.SELARAS_LOG_LEVEL,
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
