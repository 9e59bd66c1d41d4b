import type { Logger } from 'pino';
import type { ClusterConfig } from './cluster-config';
import type { ClusterState } from './cluster-state';
import { MemoryClusterState } from './memory-cluster-state';
import { SqliteClusterState } from './sqlite-cluster-state';

export const CLUSTER_STATE = Symbol('CLUSTER_STATE');

/** Opens the configured cluster state (README "Running several instances"). */
export async function openClusterState(config: ClusterConfig, log: Logger): Promise<ClusterState> {
  switch (config.kind) {
    case 'memory':
      return new MemoryClusterState();
    case 'sqlite':
      return new SqliteClusterState({ filename: config.filename, presenceTtlMs: config.presenceTtlMs });
    case 'redis': {
      // Loaded only when configured, like the KurrentDB client: the embedded mode never loads it.
      const { RedisClusterState } = await import('./redis-cluster-state');
      return RedisClusterState.connect({
        url: config.url,
        presenceTtlMs: config.presenceTtlMs,
        onError: (message) => log.warn({ cluster: 'redis' }, message),
      });
    }
  }
}
