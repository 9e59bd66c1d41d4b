import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Actor, LoginResponse, Role, SessionUser } from '@selaras/shared';
import jwt from 'jsonwebtoken';
import { AccountsService } from '../accounts/accounts.service';
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
  /** The session id: "log out" revokes exactly this one. */
  sid: string;
  /** The account's session epoch when issued: a password change, disable or role change moves it on. */
  ver: number;
  /** Display links: the link id and the one board it may read. */
  link?: string;
  board?: string;
}

type Verified = TokenClaims & { exp?: number };

/** Display links do not expire by time (the projector runs all day, every day); they are revoked. */
const DISPLAY_LINK_TTL_SECONDS = 365 * 24 * 3600;

/**
 * Accounts and signed bearer tokens (HS256). Demo accounts live in memory in demo mode only; managed
 * accounts are events (AccountsService). A token is checked against its account on every use, so a
 * disabled account, a changed password or role, a logout or a revoked display link ends it at once.
 */
@Injectable()
export class AuthService implements OnModuleInit {
  private readonly demo = new Map<string, Omit<UserRecord, 'passwordHash'>>();
  /**
   * Compared against when the username is unknown, so timing does not reveal which usernames exist.
   * Both hashes are computed in the background from start-up (bcrypt costs ~150 ms each, a sixth of a
   * start): the first login waits for them if it comes sooner.
   */
  private decoyHash: Promise<string> = Promise.resolve('');
  private demoHash: Promise<string> = Promise.resolve('');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsService,
  ) {}

  onModuleInit(): void {
    this.decoyHash = hashPassword('decoy-password-not-used');
    if (!this.config.demo) return;
    this.demoHash = hashPassword(DEMO_PASSWORD);
    for (const account of DEMO_ACCOUNTS) this.demo.set(account.username, { ...account, disabled: false });
  }

  get accountCount(): number {
    return this.demo.size + this.accounts.count;
  }

  async login(username: string, password: string): Promise<LoginResponse> {
    const name = username.toLowerCase();
    const demo = this.demo.get(name);
    const managed = demo ? undefined : await this.accounts.findForLogin(name);
    const hash = demo ? await this.demoHash : managed?.hash;
    const ok = await verifyPassword(password, hash ?? (await this.decoyHash));
    const user = demo ?? managed?.account;
    if (!user || !hash || !ok || user.disabled) {
      throw ApiError.unauthorized('Nama pengguna atau kata sandi salah.', 'Wrong username or password.');
    }
    const id = demo ? demo.id : managed!.account.userId;
    return this.issue(
      {
        sub: id,
        username: user.username,
        name: user.name,
        role: user.role,
        opdId: user.opdId,
        sid: randomUUID(),
        ver: managed?.account.sessionEpoch ?? 0,
      },
      this.config.tokenTtlSeconds,
    );
  }

  /** A token for the projector: reads one board, nothing else, until the link is revoked. */
  displayLinkToken(linkId: string): { token: string; expiresAt: string } {
    const link = this.accounts.displayLink(linkId);
    if (!link || link.revokedAt)
      throw ApiError.notFound('Tautan layar tidak ditemukan.', 'No such display link.');
    const { token, expiresAt } = this.issue(
      {
        sub: `link:${linkId}`,
        username: `layar:${linkId}`,
        name: link.label,
        role: 'display',
        opdId: null,
        sid: randomUUID(),
        ver: 0,
        link: linkId,
        board: link.boardId,
      },
      DISPLAY_LINK_TTL_SECONDS,
    );
    return { token, expiresAt };
  }

  /**
   * Ends this one session on every instance (an event in the accounts stream): the token stays
   * refused until it would have expired anyway.
   */
  async logout(token: string): Promise<void> {
    const claims = this.verifySignature(token);
    const until = (claims.exp ?? Date.now() / 1000 + this.config.tokenTtlSeconds) * 1000;
    const actor = { id: claims.sub, name: claims.name, role: claims.role, opdId: claims.opdId };
    await this.accounts.endSession(actor, claims.sid, new Date(until));
  }

  /**
   * Called whenever some sessions may have ended (logout, disabled account, changed password or role,
   * revoked display link), here or on another instance: holders of live sockets re-verify their
   * tokens and drop the dead ones.
   */
  onRevoked(listener: () => void): () => void {
    return this.accounts.onRevoked(() => listener());
  }

  /**
   * `verify`, but a validly signed token this instance cannot place yet (a display link, an account or
   * a new session epoch made on another instance a moment ago, not yet delivered here) makes it read
   * the accounts stream once before refusing: a link made on one instance works on all of them at once.
   */
  async authenticate(token: string): Promise<SessionUser> {
    try {
      return this.verify(token);
    } catch (error) {
      const claims = this.verified.get(token);
      if (!(error instanceof ApiError) || !claims || !this.mayBeBehind(claims)) throw error;
      await this.accounts.catchUp();
      return this.verify(token);
    }
  }

  /** Whether this instance may simply not know yet what a (validly signed) token names. */
  private mayBeBehind(claims: Verified): boolean {
    if (claims.link) return !this.accounts.displayLink(claims.link);
    if (this.demo.get(claims.username)?.id === claims.sub) return false;
    const account = this.accounts.account(claims.sub);
    return !account || account.sessionEpoch < claims.ver;
  }

  /** The user a token names, or an ApiError 401 saying why not (expired, revoked, disabled…). */
  verify(token: string): SessionUser {
    // Verifying a JWT costs ~0.4 ms (jsonwebtoken rebuilds a key object each time), more than a whole
    // command; a token already verified is trusted until its own expiry. The account is always re-checked.
    const cached = this.verified.get(token);
    const claims = cached && (cached.exp ?? 0) * 1000 > Date.now() ? cached : this.verifySignature(token);
    if (this.accounts.sessionEnded(claims.sid))
      throw ApiError.unauthorized(
        'Sesi ini sudah keluar; silakan masuk lagi.',
        'This session was logged out; please log in again.',
      );
    if (claims.link) {
      const link = this.accounts.displayLink(claims.link);
      if (!link || link.revokedAt)
        throw ApiError.unauthorized('Tautan layar ini sudah dicabut.', 'This display link has been revoked.');
      return {
        id: claims.sub,
        name: link.label,
        role: 'display',
        opdId: null,
        username: claims.username,
        boardScope: link.boardId,
      };
    }
    const demo = this.demo.get(claims.username);
    if (demo && demo.id === claims.sub)
      return { id: demo.id, name: demo.name, role: demo.role, opdId: demo.opdId, username: demo.username };
    const account = this.accounts.account(claims.sub);
    if (!account || account.disabled)
      throw ApiError.unauthorized('Akun tidak aktif.', 'This account is not active.');
    if (account.sessionEpoch !== claims.ver)
      throw ApiError.unauthorized(
        'Sesi ini dicabut (kata sandi, peran atau status akun berubah); silakan masuk lagi.',
        'This session was revoked (the password, role or account changed); please log in again.',
      );
    return {
      id: account.userId,
      name: account.name,
      role: account.role,
      opdId: account.opdId,
      username: account.username,
    };
  }

  /** The claims of a token verified earlier (for sockets: which session, user or link it is). */
  claimsOf(token: string): Pick<TokenClaims, 'sub' | 'sid' | 'link'> | undefined {
    return this.verified.get(token);
  }

  /** When a token verified earlier expires (ms since epoch), so a socket can be closed then. */
  expiresAt(token: string): number | undefined {
    const exp = this.verified.get(token)?.exp;
    return exp === undefined ? undefined : exp * 1000;
  }

  private readonly verified = new Map<string, Verified>();

  private issue(claims: TokenClaims, ttlSeconds: number): LoginResponse {
    const token = jwt.sign(claims, this.config.tokenSecret, {
      algorithm: 'HS256',
      expiresIn: ttlSeconds,
      issuer: 'selaras',
    });
    return {
      token,
      expiresAt: new Date(Date.now() + ttlSeconds * 1000).toISOString(),
      user: {
        id: claims.sub,
        name: claims.name,
        role: claims.role,
        opdId: claims.opdId,
        username: claims.username,
      },
    };
  }

  private verifySignature(token: string): Verified {
    let claims: Verified;
    try {
      claims = jwt.verify(token, this.config.tokenSecret, {
        algorithms: ['HS256'],
        issuer: 'selaras',
      }) as Verified;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) {
        throw ApiError.unauthorized(
          'Sesi Anda telah berakhir; silakan masuk lagi.',
          'Your session has expired; please log in again.',
        );
      }
      throw ApiError.unauthorized('Token tidak sah.', 'Invalid token.');
    }
    // Tokens from before sessions had ids (or hand-made ones) carry none: they cannot be logged out.
    if (typeof claims.sid !== 'string' || typeof claims.ver !== 'number')
      throw ApiError.unauthorized('Token tidak sah.', 'Invalid token.');
    if (this.verified.size >= 10_000) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }
}

export function actorOf(user: SessionUser): Actor {
  return { id: user.id, name: user.name, role: user.role, opdId: user.opdId };
}
