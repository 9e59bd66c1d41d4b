import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Actor, LoginResponse, Role, SessionUser } from '@selaras/shared';
import jwt from 'jsonwebtoken';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ApiError } from '../http/api-error';
import { hashPassword, verifyPassword } from './passwords';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type UserRecord } from './users';

interface TokenClaims {
  sub: string;
  username: string;
  name: string;
  role: Role;
  opdId: string | null;
}

/**
 * Accounts and signed, expiring bearer tokens (HS256). The accounts are the demo accounts for now;
 * managed accounts as events are the access-control issue's.
 */
@Injectable()
export class AuthService implements OnModuleInit {
  private readonly users = new Map<string, UserRecord>();
  /** Compared against when the username is unknown, so timing does not reveal which usernames exist. */
  private decoyHash = '';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    this.decoyHash = await hashPassword('decoy-password-not-used');
    if (!this.config.demo) return;
    const demoHash = await hashPassword(DEMO_PASSWORD);
    for (const account of DEMO_ACCOUNTS) {
      this.users.set(account.username, { ...account, passwordHash: demoHash, disabled: false });
    }
  }

  get accountCount(): number {
    return this.users.size;
  }

  async login(username: string, password: string): Promise<LoginResponse> {
    const user = this.users.get(username.toLowerCase());
    const ok = await verifyPassword(password, user?.passwordHash ?? this.decoyHash);
    if (!user || !ok || user.disabled) {
      throw ApiError.unauthorized('Nama pengguna atau kata sandi salah.', 'Wrong username or password.');
    }
    const claims: TokenClaims = {
      sub: user.id,
      username: user.username,
      name: user.name,
      role: user.role,
      opdId: user.opdId,
    };
    const token = jwt.sign(claims, this.config.tokenSecret, {
      algorithm: 'HS256',
      expiresIn: this.config.tokenTtlSeconds,
      issuer: 'selaras',
    });
    const expiresAt = new Date(Date.now() + this.config.tokenTtlSeconds * 1000).toISOString();
    return {
      token,
      expiresAt,
      user: { id: user.id, name: user.name, role: user.role, opdId: user.opdId, username: user.username },
    };
  }

  /** The user a token names, or an ApiError 401 saying why not (expired, malformed, unknown user). */
  verify(token: string): SessionUser {
    // Verifying a JWT costs ~0.4 ms (jsonwebtoken rebuilds a key object each time), more than a whole
    // command; a token already verified is trusted until its own expiry. The account is always re-checked.
    const cached = this.verified.get(token);
    const claims = cached && cached.exp * 1000 > Date.now() ? cached : this.verifySignature(token);
    const user = this.users.get(claims.username);
    if (!user || user.disabled || user.id !== claims.sub) {
      throw ApiError.unauthorized('Akun tidak aktif.', 'This account is not active.');
    }
    return { id: user.id, name: user.name, role: user.role, opdId: user.opdId, username: user.username };
  }

  /** When a token verified earlier expires (ms since epoch), so a socket can be closed then. */
  expiresAt(token: string): number | undefined {
    const exp = this.verified.get(token)?.exp;
    return exp === undefined ? undefined : exp * 1000;
  }

  private readonly verified = new Map<string, TokenClaims & { exp: number }>();

  private verifySignature(token: string): TokenClaims & { exp: number } {
    let claims: TokenClaims & { exp: number };
    try {
      claims = jwt.verify(token, this.config.tokenSecret, {
        algorithms: ['HS256'],
        issuer: 'selaras',
      }) as TokenClaims & {
        exp: number;
      };
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) {
        throw ApiError.unauthorized(
          'Sesi Anda telah berakhir; silakan masuk lagi.',
          'Your session has expired; please log in again.',
        );
      }
      throw ApiError.unauthorized('Token tidak sah.', 'Invalid token.');
    }
    if (this.verified.size >= 10_000) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }
}

export function actorOf(user: SessionUser): Actor {
  return { id: user.id, name: user.name, role: user.role, opdId: user.opdId };
}
