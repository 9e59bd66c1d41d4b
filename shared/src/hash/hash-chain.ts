import type { BoardEvent, EventMeta, RecordedEvent } from '../domain/events';
import { canonicalJson } from './canonical-json';
import { sha256Hex } from './sha256';

/** The prevHash of a board's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export type Sha256 = (text: string) => string;

/**
 * meta.hash = sha256(prevHash + canonical JSON of the event without meta.hash). The event's id, type,
 * revision, data and the rest of meta are covered, so an edited, deleted or swapped event breaks the chain.
 */
export function eventHash(event: RecordedEvent, sha256: Sha256 = sha256Hex): string {
  const { hash: _hash, ...meta } = event.meta;
  const covered = { id: event.id, type: event.type, revision: event.revision, data: event.data, meta };
  return sha256(meta.prevHash + canonicalJson(covered));
}

/**
 * Puts events on the chain after `previous`: revisions, ids, meta and hashes. The one place an event is
 * given its hash, for the server and for any tool that writes a stream.
 */
export function chainEvents(
  events: readonly BoardEvent[],
  previous: { revision: number; hash: string },
  meta: Pick<EventMeta, 'actor' | 'at' | 'commandId'>,
  newId: () => string,
  sha256: Sha256 = sha256Hex,
): RecordedEvent[] {
  let { revision, hash: prevHash } = previous;
  return events.map((event) => {
    const recorded = {
      ...event,
      id: newId(),
      revision: ++revision,
      meta: { ...meta, prevHash, hash: '' },
    } as RecordedEvent;
    recorded.meta.hash = eventHash(recorded, sha256);
    prevHash = recorded.meta.hash;
    return recorded;
  });
}

export type ChainVerdict =
  | { ok: true; count: number; headHash: string; headRevision: number }
  | {
      ok: false;
      revision: number;
      reason: string;
      /** What broke, for a caller that words it in another language. */
      code?: 'missing' | 'out-of-order' | 'prev-hash' | 'hash';
      expected?: string;
      actual?: string;
    };

/**
 * Recomputes the chain over events in revision order from `start` (default: the board's beginning).
 * Names the first revision where it breaks and why.
 */
export function verifyChain(
  events: Iterable<RecordedEvent>,
  sha256: Sha256 = sha256Hex,
  start: { revision: number; hash: string } = { revision: -1, hash: GENESIS_HASH },
): ChainVerdict {
  let prevHash = start.hash;
  let expectedRevision = start.revision + 1;
  let count = 0;
  for (const event of events) {
    if (event.revision !== expectedRevision) {
      return {
        ok: false,
        revision: expectedRevision,
        code: event.revision > expectedRevision ? 'missing' : 'out-of-order',
        reason:
          event.revision > expectedRevision
            ? `event at revision ${expectedRevision} is missing (next is ${event.revision})`
            : `revision ${event.revision} appears where ${expectedRevision} was expected (duplicate or out of order)`,
      };
    }
    if (event.meta.prevHash !== prevHash) {
      return {
        ok: false,
        revision: event.revision,
        code: 'prev-hash',
        reason:
          'prevHash does not match the previous event’s hash (an event before it was changed, removed or reordered)',
        expected: prevHash,
        actual: event.meta.prevHash,
      };
    }
    const recomputed = eventHash(event, sha256);
    if (recomputed !== event.meta.hash) {
      return {
        ok: false,
        revision: event.revision,
        code: 'hash',
        reason: 'hash does not match the event’s content (the event was altered)',
        expected: recomputed,
        actual: event.meta.hash,
      };
    }
    prevHash = event.meta.hash;
    expectedRevision++;
    count++;
  }
  return { ok: true, count, headHash: prevHash, headRevision: expectedRevision - 1 };
}
