import type { LoginResponse, SessionUser } from '@selaras/shared';
import { api } from './http';

export interface Session {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

const KEY = 'selaras:session';

export function loadSession(now = Date.now()): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    if (!session.token || Date.parse(session.expiresAt) <= now) return null;
    return session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}

export async function login(username: string, password: string): Promise<Session> {
  const answer = await api<LoginResponse>('/api/auth/login', {
    method: 'POST',
    body: { username, password },
  });
  return { token: answer.token, expiresAt: answer.expiresAt, user: answer.user };
}
