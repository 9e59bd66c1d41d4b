// `npm run user -- <command>`: manage accounts on the server machine, e.g. the first secretariat
// account of a production installation (which has no demo accounts). Works on the configured store
// (SELARAS_DATA_DIR, SELARAS_STORE); running servers follow the accounts stream, so a change made here
// (a disabled account, a new password or role) takes effect on every one of them within a second.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ROLES, createAccountSchema, passwordSchema, type Role } from '@selaras/shared';
import { AccountsRepository } from '../accounts/accounts-repository';
import {
  createAccount,
  changeAccount,
  disableAccount,
  enableAccount,
  SYSTEM_ACTOR as SYSTEM,
} from '../accounts/account-decisions';
import { openCredentials } from '../accounts/credentials-factory';
import { hashPassword } from '../auth/passwords';
import { loadConfig, storeSpecOf } from '../config/config';
import { ApiError } from '../http/api-error';
import { openEventStore } from '../event-store/store-factory';

const USAGE = `Pemakaian / usage:
  npm run user -- add --username <u> --name "<nama>" --role <${ROLES.join('|')}> [--opd <opdId>] [--password-stdin]
  npm run user -- role <username> <role> [--opd <opdId>]
  npm run user -- disable <username> [--reason "<alasan>"]
  npm run user -- enable <username>
  npm run user -- reset-password <username> [--password-stdin]
  npm run user -- erase-password <username>      (the hash is deleted; no login until a reset)
  npm run user -- list
Without --password-stdin a strong password is generated and printed once.`;

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

function newPassword(args: string[]): { password: string; generated: boolean } {
  if (args.includes('--password-stdin')) {
    const password = readFileSync(0, 'utf8').trim();
    const checked = passwordSchema.safeParse(password);
    if (!checked.success) throw new Error(checked.error.issues[0]?.message ?? 'invalid password');
    return { password, generated: false };
  }
  return { password: randomBytes(12).toString('base64url'), generated: true };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig(process.env, { signsTokens: false });
  const store = await openEventStore(storeSpecOf(config));
  const credentials = await openCredentials(storeSpecOf(config)).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  try {
    const repo = new AccountsRepository(store);
    const state = await repo.load();
    const userIdOf = (username: string | undefined) => {
      const id = username ? state.byUsername[username.toLowerCase()] : undefined;
      if (!id) throw new Error(`Akun tidak ditemukan / no such account: ${username ?? '(none)'}`);
      return id;
    };
    switch (command) {
      case 'add': {
        const { password, generated } = newPassword(args);
        const parsed = createAccountSchema.safeParse({
          username: option(args, 'username'),
          name: option(args, 'name'),
          role: option(args, 'role'),
          opdId: option(args, 'opd') ?? null,
          password,
        });
        if (!parsed.success)
          throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        const { password: _password, ...input } = parsed.data;
        const hash = await hashPassword(password);
        const events = await repo.append(SYSTEM, (s) => createAccount(s, input));
        const passwordSet = events.find((e) => e.type === 'PasswordSet')!;
        await credentials.set((passwordSet.data as { userId: string }).userId, hash, passwordSet.revision);
        console.log(
          `Akun dibuat / account created: ${input.username} (${input.role}${input.opdId ? `, ${input.opdId}` : ''})`,
        );
        if (generated) console.log(`Kata sandi / password (shown once): ${password}`);
        return 0;
      }
      case 'role': {
        const [username, role] = args;
        if (!role || !ROLES.includes(role as Role))
          throw new Error(`role must be one of ${ROLES.join(', ')}`);
        const userId = userIdOf(username);
        const opd = option(args, 'opd');
        await repo.append(SYSTEM, (s) =>
          changeAccount(s, SYSTEM, userId, { role: role as Role, ...(opd ? { opdId: opd } : {}) }),
        );
        console.log(`Peran diubah / role changed: ${username} → ${role}`);
        return 0;
      }
      case 'disable': {
        const userId = userIdOf(args[0]);
        await repo.append(SYSTEM, (s) => disableAccount(s, SYSTEM, userId, option(args, 'reason') ?? ''));
        console.log(`Akun dinonaktifkan / account disabled: ${args[0]}`);
        return 0;
      }
      case 'enable': {
        const userId = userIdOf(args[0]);
        await repo.append(SYSTEM, (s) => enableAccount(s, userId));
        console.log(`Akun diaktifkan / account enabled: ${args[0]}`);
        return 0;
      }
      case 'reset-password': {
        const userId = userIdOf(args[0]);
        const { password, generated } = newPassword(args);
        const hash = await hashPassword(password);
        const [event] = await repo.append(SYSTEM, () => [{ type: 'PasswordSet', data: { userId } }]);
        await credentials.set(userId, hash, event!.revision);
        console.log(`Kata sandi diganti / password reset: ${args[0]}`);
        if (generated) console.log(`Kata sandi baru / new password (shown once): ${password}`);
        return 0;
      }
      case 'erase-password': {
        const userId = userIdOf(args[0]);
        await repo.append(SYSTEM, () => [{ type: 'SessionsRevoked', data: { userId } }]);
        await credentials.erase(userId);
        console.log(`Kata sandi dihapus / password erased: ${args[0]} (reset-password to set a new one)`);
        return 0;
      }
      case 'list': {
        for (const a of Object.values(state.accounts))
          console.log(
            `${a.username}\t${a.role}\t${a.opdId ?? '-'}\t${a.disabled ? 'nonaktif/disabled' : 'aktif/active'}\t${a.name}`,
          );
        return 0;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    await Promise.allSettled([store.close(), credentials.close()]);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(
      error instanceof ApiError
        ? `${error.body.message} (${error.body.messageEn})`
        : (error as Error).message,
    );
    process.exitCode = 1;
  },
);
