import path from 'node:path';
import { z } from 'zod';

/** Where the instances' shared ephemeral state lives (config.ts spreads this shape into its schema). */
export const clusterEnvShape = {
  /** `sqlite` (default): `cluster.sqlite` in the data directory; `redis`; `memory` (this process only). */
  SELARAS_CLUSTER_STATE: z.enum(['memory', 'sqlite', 'redis']).optional(),
  /** A Redis URL (`redis://host:6379`, `rediss://…` for TLS); implies SELARAS_CLUSTER_STATE=redis. */
  SELARAS_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a Redis URL like redis://localhost:6379')
    .optional(),
  /** How long a presence entry outlives its instance's last heartbeat (a crashed instance's people). */
  SELARAS_PRESENCE_TTL: z.coerce.number().int().min(2).max(3600).default(20),
};

type ClusterEnv = z.output<z.ZodObject<typeof clusterEnvShape>>;

export type ClusterConfig =
  | { kind: 'memory'; presenceTtlMs: number }
  | { kind: 'sqlite'; filename: string; presenceTtlMs: number }
  | { kind: 'redis'; url: string; presenceTtlMs: number };

/** A message instead when the settings contradict each other (the caller turns it into a ConfigError). */
export function clusterConfig(env: ClusterEnv, dataDir: string): ClusterConfig | string {
  const kind = env.SELARAS_CLUSTER_STATE ?? (env.SELARAS_REDIS_URL ? 'redis' : 'sqlite');
  const presenceTtlMs = env.SELARAS_PRESENCE_TTL * 1000;
  if (kind === 'redis') {
    if (!env.SELARAS_REDIS_URL)
      return 'SELARAS_CLUSTER_STATE=redis needs SELARAS_REDIS_URL, e.g. redis://localhost:6379';
    return { kind, url: env.SELARAS_REDIS_URL, presenceTtlMs };
  }
  if (env.SELARAS_REDIS_URL)
    return `SELARAS_REDIS_URL is set but SELARAS_CLUSTER_STATE=${kind}; set only one of them.`;
  if (kind === 'memory') return { kind, presenceTtlMs };
  return { kind, filename: path.join(dataDir, 'cluster.sqlite'), presenceTtlMs };
}
