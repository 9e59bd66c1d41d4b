import { JsonBody } from '../http/json-body';

/**
 * The live board's answer, serialised once per revision and compressed once per encoding (JsonBody):
 * a 5,000-program board is megabytes of JSON, and a meeting opens the same revision many times. Holds
 * the latest revision of each board only.
 */
export class BoardBodyCache {
  private readonly entries = new Map<string, { revision: number; body: JsonBody }>();

  /** The answer for `revision`, made by `serialise` (called now, synchronously) unless held. */
  body(boardId: string, revision: number, serialise: () => string): JsonBody {
    let entry = this.entries.get(boardId);
    if (entry?.revision !== revision) {
      entry = { revision, body: new JsonBody(serialise()) };
      this.entries.set(boardId, entry);
    }
    return entry.body;
  }
}
