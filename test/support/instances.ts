import { type ServerProcess, startServer } from './server-process';

/**
 * Several real server processes on one data directory (one SQLite file), as a restart without downtime
 * or a second instance on the same machine runs them. The first starts alone (it may seed the demo
 * board and write the local token secret); the rest start together once it is ready.
 */
export async function startInstances(
  count: number,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ServerProcess[]> {
  const first = await startServer(dataDir, env);
  try {
    const rest = await Promise.all(Array.from({ length: count - 1 }, () => startServer(dataDir, env)));
    return [first, ...rest];
  } catch (error) {
    await first.kill();
    throw error;
  }
}

/** Stops every instance (SIGTERM, clean exit), whichever of them are still running. */
export async function stopInstances(instances: readonly ServerProcess[]): Promise<void> {
  await Promise.all(instances.map((instance) => instance.stop()));
}
