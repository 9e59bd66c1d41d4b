import { type SessionUser, idSchema } from '@selaras/shared';
import { ApiError } from '../http/api-error';

/**
 * The audit reads (history, log, time travel, compare, verify, exports) are for every signed-in role
 * except `display`: the meeting-room projector shows only the live board.
 */
export function assertMayAudit(user: SessionUser): void {
  if (user.role !== 'display') return;
  throw new ApiError(403, {
    error: 'Forbidden',
    message: 'Layar ruang rapat hanya menampilkan papan terkini, bukan riwayat, audit atau ekspor.',
    messageEn: 'The meeting-room display shows only the live board, not history, audit or exports.',
  });
}

/** A route's id that cannot name a board or program is a 404, like an unknown one. */
export function checkId(id: string, what: 'board' | 'program'): string {
  if (idSchema.safeParse(id).success) return id;
  const shown = id.slice(0, 80);
  throw new ApiError(404, {
    error: what === 'board' ? 'BoardNotFound' : 'ProgramNotFound',
    message: what === 'board' ? `Papan "${shown}" tidak ditemukan.` : `Program "${shown}" tidak ditemukan.`,
    messageEn: what === 'board' ? `Board "${shown}" was not found.` : `Program "${shown}" was not found.`,
  });
}
