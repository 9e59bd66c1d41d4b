import type {
  AuditLogResponse,
  BoardAtResponse,
  CompareResponse,
  ProgramHistoryResponse,
  TimelineResponse,
  VerifyResponse,
} from '@selaras/shared';
import { api } from '../api/http';

const board = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`;

export interface AuditFilter {
  actor?: string;
  opd?: string;
  program?: string;
  type?: string[];
  from?: string;
  to?: string;
}

function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The typed audit API of shared/src/audit-protocol.ts, one function per endpoint. */
export const auditApi = {
  boardAt: (token: string, boardId: string, revision: number, signal?: AbortSignal) =>
    api<BoardAtResponse>(`${board(boardId)}${query({ at: revision })}`, { token, signal }),
  history: (token: string, boardId: string, programId: string) =>
    api<ProgramHistoryResponse>(`${board(boardId)}/programs/${encodeURIComponent(programId)}/history`, {
      token,
    }),
  audit: (token: string, boardId: string, filter: AuditFilter, before?: number | null, limit = 100) =>
    api<AuditLogResponse>(
      `${board(boardId)}/audit${query({ ...filter, type: filter.type?.join(','), before, limit })}`,
      { token },
    ),
  compare: (token: string, boardId: string, from: number, to: number) =>
    api<CompareResponse>(`${board(boardId)}/compare${query({ from, to })}`, { token }),
  timeline: (token: string, boardId: string) =>
    api<TimelineResponse>(`${board(boardId)}/timeline`, { token }),
  verify: (token: string, boardId: string) => api<VerifyResponse>(`${board(boardId)}/verify`, { token }),
  exportUrl: (boardId: string, name: string, params: Record<string, string | number | undefined> = {}) =>
    `${board(boardId)}/export/${name}${query(params)}`,
};
