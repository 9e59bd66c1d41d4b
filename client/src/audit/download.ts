import { HttpError, NetworkError } from '../api/http';

/**
 * Downloads an export with progress (exports of a long history stream for a while) and hands it to
 * the browser as a file. Progress uses Content-Length, else the server's X-Total-Bytes estimate.
 */
export async function download(
  url: string,
  token: string,
  fallbackName: string,
  onProgress: (fraction: number | null) => void,
): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new NetworkError((error as Error).message);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: string; message?: string } | null;
    throw new HttpError(response.status, {
      error: body?.error ?? 'HttpError',
      message: body?.message ?? `Server menjawab ${response.status}`,
    });
  }
  const total = Number(response.headers.get('Content-Length') ?? response.headers.get('X-Total-Bytes') ?? 0);
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  if (reader)
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress(total ? Math.min(1, received / total) : null);
    }
  const blob = new Blob(chunks as BlobPart[], {
    type: response.headers.get('Content-Type') ?? 'application/octet-stream',
  });
  const name =
    /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  onProgress(1);
  return name;
}
