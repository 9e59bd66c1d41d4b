import type { ImportMapping, ImportPreview, ImportProgressLine, ImportResult } from '@selaras/shared';
import { HttpError, NetworkError } from '../api/http';

/** What the person chose: the file, the OPD of rows without one, the answers of the mapping step. */
export interface ImportChoice {
  file: File;
  opdId: string | null;
  mapping: ImportMapping;
}

const base = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}/import`;

function form(choice: ImportChoice, extra: Record<string, string> = {}): FormData {
  const data = new FormData();
  data.append('file', choice.file, choice.file.name);
  if (choice.opdId) data.append('opdId', choice.opdId);
  if (Object.keys(choice.mapping).length > 0) data.append('mapping', JSON.stringify(choice.mapping));
  for (const [key, value] of Object.entries(extra)) data.append(key, value);
  return data;
}

/** Uploads for a preview with upload progress (fetch cannot report it; XMLHttpRequest can). */
export function previewImport(
  boardId: string,
  choice: ImportChoice,
  token: string,
  onProgress: (fraction: number) => void,
): Promise<ImportPreview> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${base(boardId)}/preview`);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new NetworkError('upload failed'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 200) resolve(body as ImportPreview);
      else reject(httpError(xhr.status, body));
    };
    xhr.send(form(choice));
  });
}

export type ConfirmOutcome =
  | { kind: 'result'; status: number; result: ImportResult }
  /** Refused before anything was written (conflict since the preview, another plan, errors). */
  | { kind: 'refused'; error: HttpError };

/** Confirms the preview, reading the streamed progress lines; the last line is the result. */
export async function confirmImport(
  boardId: string,
  choice: ImportChoice,
  preview: ImportPreview,
  skipErrors: boolean,
  token: string,
  onProgress: (done: number, total: number) => void,
): Promise<ConfirmOutcome> {
  let response: Response;
  try {
    response = await fetch(`${base(boardId)}/confirm`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/x-ndjson' },
      body: form(choice, {
        baseRevision: String(preview.baseRevision),
        digest: preview.digest,
        skipErrors: String(skipErrors),
      }),
    });
  } catch (error) {
    throw new NetworkError((error as Error).message);
  }
  if (!response.ok) {
    const body = await response.json().catch(() => undefined);
    return { kind: 'refused', error: httpError(response.status, body) };
  }
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffered += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffered.slice(0, newline)) as ImportProgressLine;
      buffered = buffered.slice(newline + 1);
      if (line.kind === 'progress') onProgress(line.done, line.total);
      else return { kind: 'result', status: line.status, result: line.result };
    }
    if (done) throw new NetworkError('the answer ended before the result');
  }
}

function httpError(status: number, body: unknown): HttpError {
  const known =
    body && typeof body === 'object' && 'error' in body ? (body as { error: string; message: string }) : null;
  return new HttpError(status, {
    error: known?.error ?? 'HttpError',
    message: known?.message ?? `Server menjawab ${status}`,
    ...(known as object),
  });
}
