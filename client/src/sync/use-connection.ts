import { createContext, useContext, useSyncExternalStore } from 'react';
import type { PresenceMember, Program } from '@selaras/shared';
import type { BoardSource, ConnectionSnapshot } from './board-connection';
import type { PendingCommand } from './board-sync';

export const ConnectionContext = createContext<BoardSource | null>(null);

export function useConnection(): BoardSource {
  const connection = useContext(ConnectionContext);
  if (!connection) throw new Error('useConnection outside a board');
  return connection;
}

/**
 * A slice of the connection's snapshot. The selector must return something already held by the
 * snapshot (or a primitive): a component re-renders only when its slice changes identity.
 */
export function useBoardSelector<T>(selector: (snapshot: ConnectionSnapshot) => T): T {
  const connection = useConnection();
  return useSyncExternalStore(connection.subscribe, () => selector(connection.getSnapshot()));
}

/** One program as the person sees it (confirmed + pending); the same object until it changes. */
export function useProgram(programId: string): Program | undefined {
  return useBoardSelector((s) =>
    s.view && Object.hasOwn(s.view.programs, programId) ? s.view.programs[programId] : undefined,
  );
}

const noMembers: readonly PresenceMember[] = [];
const membersOnCache = new WeakMap<readonly PresenceMember[], Map<string, readonly PresenceMember[]>>();

/** Who else has this program open right now (presence), stable until presence changes. */
export function useMembersOn(programId: string, selfId: string): readonly PresenceMember[] {
  return useBoardSelector((s) => {
    let index = membersOnCache.get(s.presence);
    if (!index) {
      index = new Map();
      for (const m of s.presence) {
        if (!m.openProgramId || m.userId === selfId) continue;
        index.set(m.openProgramId, [...(index.get(m.openProgramId) ?? []), m]);
      }
      membersOnCache.set(s.presence, index);
    }
    return index.get(programId) ?? noMembers;
  });
}

const pendingCache = new WeakMap<readonly PendingCommand[], Map<string, 'pending' | 'conflict'>>();

/** Whether this program has unsent or unconfirmed changes of mine ('conflict' wins). */
export function usePendingOn(programId: string): 'pending' | 'conflict' | null {
  return useBoardSelector((s) => pendingIndex(s.pending).get(programId) ?? null);
}

export function pendingIndex(pending: readonly PendingCommand[]): Map<string, 'pending' | 'conflict'> {
  let index = pendingCache.get(pending);
  if (!index) {
    index = new Map();
    for (const p of pending) {
      const id = (p.data as { programId?: string }).programId;
      if (!id) continue;
      if (p.status === 'conflict') index.set(id, 'conflict');
      else if (!index.has(id)) index.set(id, 'pending');
    }
    pendingCache.set(pending, index);
  }
  return index;
}
