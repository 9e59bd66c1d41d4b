import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';

const USER_CLI = path.resolve(__dirname, '..', '..', 'server', 'dist', 'tools', 'user-cli.js');

const cliEnv = (dataDir: string, env: Record<string, string>) => ({
  ...process.env,
  SELARAS_DATA_DIR: dataDir,
  NODE_ENV: 'test',
  SELARAS_DEMO: 'false',
  ...env,
});

/** Runs `npm run user -- …` as an operator would on the server machine (the built CLI). */
export function userCli(
  dataDir: string,
  args: string[],
  input?: string,
  env: Record<string, string> = {},
): string {
  return execFileSync(process.execPath, [USER_CLI, ...args], {
    env: cliEnv(dataDir, env),
    input,
    encoding: 'utf8',
  });
}

/** The same, without blocking: for a CLI run that overlaps the servers' own writes. */
export function userCliAsync(dataDir: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [USER_CLI, ...args],
      { env: cliEnv(dataDir, {}), encoding: 'utf8' },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
    child.stdin?.end(input ?? '');
  });
}
