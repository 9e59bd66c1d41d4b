import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseConnectionString } from '@kurrent/kurrentdb-client/dist/Client/parseConnectionString';
import { parse } from 'yaml';

/**
 * docker-compose.yml, the Dockerfile and .dockerignore, checked without a Docker engine (none runs on
 * the machines this project is built on): parsed and held to what the README promises. When a compose
 * client is installed, `config -q` also validates every profile.
 */
const root = path.resolve(__dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  profiles?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  networks?: Record<string, { ipv4_address: string }> | string[];
  command?: string[];
  entrypoint?: string[] | string;
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
/** What `${NAME:-default}` becomes with NAME unset. */
const withDefaults = (value: string) => value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
const env = (name: string) => services[name]?.environment ?? {};
const nodes = ['kurrentdb-node1', 'kurrentdb-node2', 'kurrentdb-node3'];
const ipOf = (name: string) =>
  (services[name]?.networks as Record<string, { ipv4_address: string }>).cluster!.ipv4_address;

describe('docker-compose.yml', () => {
  it('starts one KurrentDB node and Selaras by default, the rest only in their profiles', () => {
    const always = Object.keys(services).filter((name) => !services[name]!.profiles);
    expect(always.sort()).toEqual(['kurrentdb', 'selaras']);
    expect(services.contract?.profiles).toEqual(['contract']);
    for (const name of [...nodes, 'kurrentdb-certs', 'selaras-cluster']) {
      expect(services[name]?.profiles).toEqual(['cluster']);
    }
  });

  it('pins the KurrentDB image and uses only current KURRENTDB_* settings', () => {
    for (const name of ['kurrentdb', ...nodes]) {
      expect(withDefaults(services[name]!.image!)).toMatch(
        /^docker\.kurrent\.io\/kurrent-latest\/kurrentdb:\d+\.\d+\.\d+$/,
      );
    }
    expect(withDefaults(services['kurrentdb-certs']!.image!)).toMatch(/es-gencert-cli:\d+\.\d+\.\d+$/);
    // EventStoreDB's names (EVENTSTORE_*) and the pre-23 INT_/EXT_ option names are refused by 25.x.
    const legacy = /^(EVENTSTORE_|KURRENTDB_(INT|EXT)_|KURRENTDB_HTTP_PORT$|KURRENTDB_ENABLE_EXTERNAL_TCP$)/;
    for (const name of ['kurrentdb', ...nodes]) {
      const keys = Object.keys(env(name));
      expect(keys.every((key) => key.startsWith('KURRENTDB_') && !legacy.test(key))).toBe(true);
      expect(env(name).KURRENTDB_RUN_PROJECTIONS).toBe('None');
    }
  });

  it('runs the single node insecure, on a volume, healthchecked, and reachable only from this machine', () => {
    const single = services.kurrentdb!;
    expect(env('kurrentdb')).toMatchObject({ KURRENTDB_INSECURE: 'true', KURRENTDB_CLUSTER_SIZE: 1 });
    expect(single.volumes).toContain('kurrentdb-data:/var/lib/kurrentdb');
    expect(single.healthcheck?.test.join(' ')).toContain('/health/live');
    expect(single.ports?.map(withDefaults)).toEqual(['127.0.0.1:2113:2113']);
  });

  it('builds Selaras, waits for KurrentDB, and has no default secret', () => {
    const selaras = services.selaras!;
    expect(selaras.build).toBe('.');
    expect(selaras.depends_on).toEqual({ kurrentdb: { condition: 'service_healthy' } });
    expect(env('selaras')).toMatchObject({
      NODE_ENV: 'production',
      SELARAS_STORE: 'kurrentdb',
      SELARAS_KURRENTDB_URL: 'kurrentdb://kurrentdb:2113?tls=false',
      SELARAS_TOKEN_SECRET: '${SELARAS_TOKEN_SECRET:-}',
    });
    expect(selaras.ports?.map(withDefaults)).toEqual(['3000:3000']);
    const everything = JSON.stringify(services);
    expect(everything).not.toContain('changeit');
    expect(everything).not.toMatch(/(PASSWORD|SECRET):-[^}]/);
  });

  it('forms a three-node cluster with gossip seeds and generated certificates', () => {
    const certs = services['kurrentdb-certs']!;
    const script = certs.command!.join(' ');
    expect(script).toContain('es-gencert-cli create-ca');
    for (const [i, name] of nodes.entries()) {
      const e = env(name);
      const others = nodes.filter((other) => other !== name).map((other) => `${ipOf(other)}:2113`);
      expect(e).toMatchObject({
        KURRENTDB_CLUSTER_SIZE: 3,
        KURRENTDB_GOSSIP_SEED: others.join(','),
        KURRENTDB_REPLICATION_IP: ipOf(name),
        KURRENTDB_CERTIFICATE_FILE: `/etc/kurrentdb/certs/node${i + 1}/node.crt`,
        KURRENTDB_DEFAULT_ADMIN_PASSWORD: '${KURRENTDB_ADMIN_PASSWORD:-}',
      });
      expect(e.KURRENTDB_INSECURE).toBeUndefined();
      expect(services[name]?.depends_on).toEqual({
        'kurrentdb-certs': { condition: 'service_completed_successfully' },
      });
      expect(script).toContain('172.30.240.1$$n'); // each node's certificate names its address
      expect(ipOf(name)).toBe(`172.30.240.1${i + 1}`);
    }
    expect(String(services['kurrentdb-node1']!.entrypoint)).toContain(
      'test -n "$$KURRENTDB_DEFAULT_ADMIN_PASSWORD"',
    );
  });

  it('connects Selaras to every cluster node with TLS, as the KurrentDB client reads the string', () => {
    const single = parseConnectionString(String(env('selaras').SELARAS_KURRENTDB_URL));
    expect(single).toMatchObject({ hosts: [{ address: 'kurrentdb', port: 2113 }], tls: false });
    const url = String(env('selaras-cluster').SELARAS_KURRENTDB_URL).replace(
      '${KURRENTDB_ADMIN_PASSWORD:-}',
      'pw',
    );
    const cluster = parseConnectionString(url);
    expect(cluster).toMatchObject({
      dnsDiscover: false,
      hosts: nodes.map((address) => ({ address, port: 2113 })),
      defaultCredentials: { username: 'admin', password: 'pw' },
      tls: true,
      tlsCAFile: '/etc/selaras/kurrentdb-ca/ca.crt',
    });
    expect(services['selaras-cluster']?.volumes).toContain('kurrentdb-ca:/etc/selaras/kurrentdb-ca:ro');
    expect(services['selaras-cluster']?.volumes?.[0]).not.toBe(services.selaras?.volumes?.[0]);
  });

  it('shares limits and presence of the cluster profile through a Redis on its network only', () => {
    const redis = services.redis!;
    expect(redis.profiles).toEqual(['cluster']);
    expect(withDefaults(redis.image!)).toMatch(/^redis:\d+\.\d+-alpine$/);
    expect(redis.ports).toBeUndefined(); // not reachable from outside the compose network
    expect(redis.networks).toEqual(['cluster']);
    expect(redis.command).toEqual(['redis-server', '--save', '', '--appendonly', 'no']);
    expect(redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    const cluster = services['selaras-cluster']!;
    expect(env('selaras-cluster').SELARAS_REDIS_URL).toBe('redis://redis:6379');
    expect(cluster.depends_on?.redis).toEqual({ condition: 'service_healthy' });
    // The single-node setup has one Selaras and keeps its cluster state in its data volume.
    expect(env('selaras').SELARAS_REDIS_URL).toBeUndefined();
  });

  it('runs the store contract suite against the KurrentDB it starts', () => {
    const contract = services.contract!;
    expect(contract.build).toEqual({ context: '.', target: 'build' });
    expect(contract.environment?.SELARAS_TEST_KURRENTDB).toBe('kurrentdb://kurrentdb:2113?tls=false');
    expect(contract.command).toEqual(expect.arrayContaining(['jest', 'kurrentdb-contract']));
    expect(contract.depends_on).toEqual({ kurrentdb: { condition: 'service_healthy' } });
  });

  it('is valid for a compose client, when one is installed', () => {
    const clients: [string, string[]][] = [
      ['docker', ['compose']],
      ['docker-compose', []],
    ];
    const client = clients.find(
      ([bin, pre]) => spawnSync(bin, [...pre, 'version'], { stdio: 'ignore' }).status === 0,
    );
    if (!client) {
      process.stderr.write(
        'docker-compose.yml: no compose client installed; `config -q` validation skipped\n',
      );
      return;
    }
    for (const profile of [[], ['--profile', 'cluster'], ['--profile', 'contract']]) {
      const [bin, pre] = client;
      const run = spawnSync(bin, [...pre, ...profile, 'config', '-q'], { cwd: root, encoding: 'utf8' });
      expect({ profile, status: run.status, stderr: run.stderr }).toEqual({ profile, status: 0, stderr: '' });
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages[stages.length - 1]!;

  it('builds in stages and runs as a non-root user with production dependencies only', () => {
    expect(stages.map((stage) => stage.split('\n')[0])).toEqual([
      '${NODE_IMAGE} AS base',
      'base AS build',
      'base AS prod-deps',
      '${NODE_IMAGE} AS runtime',
    ]);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20\.\d+-bookworm-slim$/m);
    expect(stages[2]).toContain('npm ci --omit=dev');
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toContain('NODE_ENV=production');
    expect(runtime).toContain('COPY --from=prod-deps /app/node_modules node_modules');
    expect(runtime).not.toMatch(/npm (ci|install)|g\+\+/);
  });

  it('serves the built client and answers its health check on /api/health', () => {
    expect(runtime).toContain('COPY --from=build /app/client/dist client/dist');
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/api\/health/m);
    expect(runtime).toMatch(/^CMD \["node", "server\/dist\/main\.js"\]$/m);
  });

  it('keeps dependencies, builds, local data and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/dist', 'data', '.env', '.git'])
      expect(ignored).toContain(entry);
  });
});
