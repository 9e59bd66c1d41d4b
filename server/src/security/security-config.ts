import { z } from 'zod';

/**
 * The hardening settings, parsed with the rest of the environment (config.ts spreads this shape into
 * its schema), so a bad value is refused at start-up with the same "Invalid configuration" message.
 */
export const securityEnvShape = {
  /** Comma-separated origins (scheme://host[:port]) allowed to call the API and open sockets. */
  SELARAS_CORS_ORIGIN: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const origins: string[] = [];
      for (const entry of (value ?? '').split(',').map((s) => s.trim())) {
        if (!entry) continue;
        const origin = parseOrigin(entry);
        if (!origin) {
          ctx.addIssue({
            code: 'custom',
            message: `"${entry.slice(0, 100)}" is not an origin like https://selaras.example.go.id`,
          });
          return z.NEVER;
        }
        origins.push(origin);
      }
      return origins;
    }),
  /** Commands per second per user (token bucket refill); 0 turns the limit off (benchmarks). */
  SELARAS_COMMAND_RATE: z.coerce.number().min(0).max(1_000_000).default(20),
  /** Commands a user may send at once before the rate applies; default three seconds' worth. */
  SELARAS_COMMAND_BURST: z.coerce.number().int().min(1).max(10_000_000).optional(),
  /** Socket joins per second per user (token bucket shared by every instance); 0 turns it off. */
  SELARAS_JOIN_RATE: z.coerce.number().min(0).max(1_000_000).default(2),
  SELARAS_JOIN_BURST: z.coerce.number().int().min(1).max(10_000_000).default(30),
  /** Presence updates (the card a person has open) per second per user. */
  SELARAS_PRESENCE_RATE: z.coerce.number().min(0).max(1_000_000).default(5),
  SELARAS_PRESENCE_BURST: z.coerce.number().int().min(1).max(10_000_000).default(30),
  /** Heavy audit reads (time travel, compare, verify, exports) per second per user. */
  SELARAS_AUDIT_RATE: z.coerce.number().min(0).max(1_000_000).default(1),
  SELARAS_AUDIT_BURST: z.coerce.number().int().min(1).max(10_000_000).default(30),
  /** Strict-Transport-Security: `auto` sends it on requests that arrived over https. */
  SELARAS_HSTS: z.enum(['auto', 'true', 'false']).default('auto'),
  /**
   * Which proxies are trusted (Fastify's `trustProxy`, the values Express's `trust proxy` takes): unset trusts no proxy (the client IP is the socket's). Behind a reverse
   * proxy set it (`loopback`, a hop count, or addresses) so login limits count the real client IPs.
   */
  SELARAS_TRUST_PROXY: z
    .string()
    .regex(/^[\w.:/,\s-]+$/, 'must be true, loopback, a hop count or addresses')
    .optional(),
};

type SecurityEnv = z.output<z.ZodObject<typeof securityEnvShape>>;

export interface SecurityConfig {
  /** Normalised origins (`new URL(x).origin`); empty = same origin only. */
  corsOrigins: string[];
  commandRate: number;
  commandBurst: number;
  /** The per-user limits besides commands: socket joins, presence updates, heavy audit reads. */
  limits: Record<'joins' | 'presence' | 'audit', { rate: number; burst: number }>;
  hsts: 'auto' | 'always' | 'never';
  trustProxy: boolean | number | string;
}

export function securityConfig(env: SecurityEnv): SecurityConfig {
  const rate = env.SELARAS_COMMAND_RATE;
  return {
    corsOrigins: env.SELARAS_CORS_ORIGIN,
    commandRate: rate,
    commandBurst: env.SELARAS_COMMAND_BURST ?? Math.max(1, Math.ceil(rate * 3)),
    limits: {
      joins: { rate: env.SELARAS_JOIN_RATE, burst: env.SELARAS_JOIN_BURST },
      presence: { rate: env.SELARAS_PRESENCE_RATE, burst: env.SELARAS_PRESENCE_BURST },
      audit: { rate: env.SELARAS_AUDIT_RATE, burst: env.SELARAS_AUDIT_BURST },
    },
    hsts: env.SELARAS_HSTS === 'true' ? 'always' : env.SELARAS_HSTS === 'false' ? 'never' : 'auto',
    trustProxy: trustProxy(env.SELARAS_TRUST_PROXY),
  };
}

function parseOrigin(entry: string): string | undefined {
  try {
    const url = new URL(entry);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    // An origin has no path, query or credentials; "https://x/" is accepted as "https://x".
    if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname))
      return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

function trustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/**
 * A token secret that is long enough but obviously not random: a placeholder copied from an example
 * or a repeated pattern. Production refuses it like a missing one.
 */
export function looksLikeDefaultSecret(secret: string): boolean {
  if (new Set(secret).size < 10) return true;
  return /change[-_ ]?me|ganti[-_ ]?(ini|dengan)|replace[-_ ]?(me|this)|your[-_ ]?secret|example|<[^>]*>/i.test(
    secret,
  );
}

/**
 * How to make the first secretariat account in a production install (no demo accounts there), with
 * the user command of server/src/tools/user-cli.ts (it prints a generated password once).
 */
export const FIRST_ACCOUNT_HINT =
  'Buat akun sekretariat pertama dengan ' +
  '`npm run user -- add --role sekretariat --username <nama-pengguna> --name "<nama>"` ' +
  '(di kontainer: `node server/dist/tools/user-cli.js add …`). To create the first secretariat ' +
  'account, run `npm run user -- add --role sekretariat --username <username> --name "<name>"`.';
