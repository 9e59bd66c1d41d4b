import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { CLUSTER_STATE, openClusterState } from '../cluster/cluster-state.provider';
import type { ClusterState } from '../cluster/cluster-state';
import type { AppConfig } from '../config/config';
import { HttpRateGuard } from './http-rate-limits';
import { RateLimiters } from './rate-limiter';
import { SECURITY_LOG, securityLogger } from './security-log';

/** Closes the cluster state after the sockets have gone (their presence leaves first). */
class ClusterStateCloser implements OnApplicationShutdown {
  constructor(@Inject(CLUSTER_STATE) private readonly state: ClusterState) {}
  async onApplicationShutdown(): Promise<void> {
    await this.state.close();
  }
}

/**
 * The Nest side of the hardening: the security log, the cluster state the instances share (rate
 * limits, login counters, presence) and the per-user limits on HTTP routes (HttpRateGuard, on the
 * controllers with command or heavy audit routes). The rest of the HTTP side
 * (headers, CORS, the denial log, the login limiter) is Fastify hooks that main.ts registers;
 * the Socket.IO side is SecureIoAdapter and the gateway's join and presence limits.
 */
@Module({})
export class SecurityModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    const log = securityLogger(logger);
    const { security } = config;
    return {
      module: SecurityModule,
      global: true,
      providers: [
        { provide: SECURITY_LOG, useValue: log },
        { provide: CLUSTER_STATE, useFactory: () => openClusterState(config.cluster, logger) },
        ClusterStateCloser,
        {
          provide: RateLimiters,
          inject: [CLUSTER_STATE],
          useFactory: (state: ClusterState) =>
            new RateLimiters(
              { commands: { rate: security.commandRate, burst: security.commandBurst }, ...security.limits },
              state,
              log,
            ),
        },
        HttpRateGuard,
      ],
      exports: [SECURITY_LOG, CLUSTER_STATE, RateLimiters, HttpRateGuard],
    };
  }
}
