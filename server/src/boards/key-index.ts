import { type RecordedEvent, touchedKeys } from '@selaras/shared';

/**
 * For every key of the merge rule (`program:<id>:title`, `column:<id>:place`, … see shared
 * `conflicts.ts`), the revisions whose events touched it, ascending. The conflict check of a command
 * then costs O(keys it touches · log n) whatever its base revision: "which events after my base changed
 * what I change?" is a binary search per key, not a scan of every event since the base.
 *
 * Kept for the committed history (it goes into the snapshot); the writer adds its own pending events.
 */
export class KeyIndex {
  private readonly revisions = new Map<string, number[]>();

  /** Rebuilds an index from its serialised form (a snapshot); entries stay ascending. */
  static from(entries: ReadonlyArray<[string, number[]]>): KeyIndex {
    const index = new KeyIndex();
    for (const [key, revisions] of entries) index.revisions.set(key, revisions);
    return index;
  }

  /** Records what a committed event touched. Events come in revision order. */
  add(event: RecordedEvent): void {
    for (const key of touchedKeys(event)) {
      const list = this.revisions.get(key);
      if (!list) this.revisions.set(key, [event.revision]);
      else if (list[list.length - 1]! < event.revision) list.push(event.revision);
    }
  }

  /**
   * The revisions after `base` that touched any of `keys`, ascending, without duplicates. A key ending
   * in `*` stands for every key under it (shared `keyMatcher`): found by scanning the index's keys, which
   * only a revert of a whole rincian tree asks for.
   */
  touchedAfter(keys: Iterable<string>, base: number): number[] {
    const found = new Set<number>();
    const collect = (list: readonly number[] | undefined) => {
      if (!list || list[list.length - 1]! <= base) return;
      for (let i = firstAbove(list, base); i < list.length; i++) found.add(list[i]!);
    };
    for (const key of keys) {
      if (!key.endsWith('*')) collect(this.revisions.get(key));
      else {
        const prefix = key.slice(0, -1);
        for (const [indexed, list] of this.revisions) if (indexed.startsWith(prefix)) collect(list);
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  entries(): Array<[string, number[]]> {
    return [...this.revisions];
  }
}

/** The index of the first element greater than `value` in an ascending list. */
function firstAbove(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]! <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}
