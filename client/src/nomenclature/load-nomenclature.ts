import {
  nomenclatureByVersion,
  nomenclatureFromSource,
  registerNomenclature,
  type Nomenclature,
  type NomenclatureSource,
  type NomenclatureVersionSummary,
} from '@selaras/shared';
import { api } from '../api/http';

const loading = new Map<string, Promise<Nomenclature>>();

/**
 * The board's nomenclature version, known to the shared `decide` in this tab. Never bundled: the full
 * list (≈10,000 codes, ~170 kB gzip) is downloaded once per version from GET /api/nomenclature/:version
 * (cached by the browser for good: a version never changes) and registered, so optimistic commands
 * validate codes as the server will. Lists the bundle already has (the early sample) resolve at once.
 */
export function loadNomenclature(
  version: string,
  options: { baseUrl?: string; token: string },
): Promise<Nomenclature> {
  const known = nomenclatureByVersion(version);
  if (known) return Promise.resolve(known);
  let running = loading.get(version);
  if (!running) {
    running = api<NomenclatureSource>(
      `${options.baseUrl ?? ''}/api/nomenclature/${encodeURIComponent(version)}`,
      {
        token: options.token,
      },
    ).then((source) => {
      // The server built this very list with every check before serving it: not checked twice.
      const nomenclature = nomenclatureFromSource(source, { checked: true });
      registerNomenclature(nomenclature);
      return nomenclature;
    });
    // A failure is not remembered: the next caller tries again.
    running.catch(() => loading.delete(version));
    loading.set(version, running);
  }
  return running;
}

/** Whether `version` is registered in this tab already (loadNomenclature would resolve at once). */
export function isNomenclatureLoaded(version: string): boolean {
  return nomenclatureByVersion(version) !== undefined;
}

/** The versions the server knows (GET /api/nomenclature), for moving a board to another one. */
export function listNomenclatures(options: {
  baseUrl?: string;
  token: string;
}): Promise<NomenclatureVersionSummary[]> {
  return api<NomenclatureVersionSummary[]>(`${options.baseUrl ?? ''}/api/nomenclature`, {
    token: options.token,
  });
}
