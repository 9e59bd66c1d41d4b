import { domainError, type DomainError } from './errors';
import { rankBetween } from './rank';

interface Ranked {
  id: string;
  rank: string;
}

/**
 * The rank that puts an item right after `afterId` (which wins when both are given), right before
 * `beforeId`, or at the end. `siblings` are in order and exclude the item being placed.
 */
export function rankFor(
  siblings: readonly Ranked[],
  placement: { afterId?: string | undefined; beforeId?: string | undefined },
  what: { noun: string; nounEn: string },
): string | DomainError {
  const { afterId, beforeId } = placement;
  if (afterId !== undefined) {
    const i = siblings.findIndex((s) => s.id === afterId);
    if (i < 0) return notThere(afterId, what);
    return rankBetween(siblings[i]?.rank ?? null, siblings[i + 1]?.rank ?? null);
  }
  if (beforeId !== undefined) {
    const i = siblings.findIndex((s) => s.id === beforeId);
    if (i < 0) return notThere(beforeId, what);
    return rankBetween(siblings[i - 1]?.rank ?? null, siblings[i]?.rank ?? null);
  }
  return rankBetween(siblings[siblings.length - 1]?.rank ?? null, null);
}

function notThere(id: string, what: { noun: string; nounEn: string }): DomainError {
  return domainError(
    'InvalidPlacement',
    `Tidak bisa menempatkan di samping "${id}": ${what.noun} itu tidak ada di tujuan.`,
    `Cannot place next to "${id}": that ${what.nounEn} is not at the destination.`,
  );
}
