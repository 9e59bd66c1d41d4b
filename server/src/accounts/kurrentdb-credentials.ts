import { randomUUID } from 'node:crypto';
import type { JSONEventData } from '@kurrent/kurrentdb-client';
import {
  toEventData,
  isStreamNotFound,
  isWrongExpectedVersion,
  type ResolvedLike,
  type StreamState,
} from '../event-store/kurrentdb-mapping';
import type { Credentials, StoredCredential } from './credentials.port';

/** The part of `KurrentDBClient` the credentials use; the simulated node implements it too. */
export interface CredentialsClient {
  appendToStream(
    stream: string,
    events: JSONEventData[],
    options: { streamState: StreamState },
  ): Promise<{ nextExpectedRevision: bigint }>;
  readStream(
    stream: string,
    options: { fromRevision: 'end'; direction: 'backwards'; maxCount: bigint },
  ): AsyncIterable<ResolvedLike>;
  setStreamMetadata(stream: string, metadata: { maxCount: number }): Promise<unknown>;
  dispose(): Promise<void>;
}

/** One stream per account; `$maxCount = 1` makes every earlier event (an older hash) unreadable at once. */
export const CREDENTIALS_STREAM_PREFIX = 'selaras-credentials-';

type CredentialEvent =
  | { type: 'CredentialSet'; data: { userId: string; hash: string; revision: number } }
  | { type: 'CredentialErased'; data: { userId: string } };

const ATTEMPTS = 5;

/**
 * Credentials on KurrentDB, so that servers on several machines share them. A hash is an event in the
 * account's own stream, whose metadata keeps only the last event: replacing or erasing a hash (erasing
 * appends `CredentialErased`) makes the old one unreadable immediately, and KurrentDB's scavenge
 * removes it from disk (until a scavenge runs it is still in the `$all` log; Selaras never reads it
 * there). Writes use the stream's expected revision, so two writers cannot both think they won.
 */
export class KurrentDbCredentials implements Credentials {
  constructor(private readonly client: CredentialsClient) {}

  async get(userId: string): Promise<StoredCredential | undefined> {
    const last = await this.last(userId);
    return last?.event.type === 'CredentialSet' ? last.event.data : undefined;
  }

  async set(userId: string, hash: string, revision: number): Promise<boolean> {
    return this.write(userId, (current) =>
      current?.type === 'CredentialSet' && current.data.revision >= revision
        ? undefined
        : { type: 'CredentialSet', data: { userId, hash, revision } },
    );
  }

  async erase(userId: string): Promise<void> {
    await this.write(userId, (current) =>
      current === undefined || current.type === 'CredentialErased'
        ? undefined
        : { type: 'CredentialErased', data: { userId } },
    );
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  /** Appends what `decide` says on top of the stream's last event, re-reading after a lost race. */
  private async write(
    userId: string,
    decide: (current: CredentialEvent | undefined) => CredentialEvent | undefined,
  ): Promise<boolean> {
    const stream = CREDENTIALS_STREAM_PREFIX + userId;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const last = await this.last(userId);
      const next = decide(last?.event);
      if (!next) return false;
      // Before the first hash lands, so no hash is ever in a stream that keeps more than one event.
      if (!last) await this.client.setStreamMetadata(stream, { maxCount: 1 });
      try {
        await this.client.appendToStream(
          stream,
          [toEventData({ id: randomUUID(), type: next.type, data: next.data, meta: {} })],
          { streamState: last ? last.revision : 'no_stream' },
        );
        return true;
      } catch (error) {
        if (!isWrongExpectedVersion(error)) throw error;
      }
    }
    throw new Error(`credentials of ${userId} kept changing; try again`);
  }

  private async last(userId: string): Promise<{ event: CredentialEvent; revision: bigint } | undefined> {
    try {
      for await (const resolved of this.client.readStream(CREDENTIALS_STREAM_PREFIX + userId, {
        fromRevision: 'end',
        direction: 'backwards',
        maxCount: 1n,
      })) {
        const recorded = resolved.event;
        if (recorded)
          return {
            event: { type: recorded.type, data: recorded.data } as CredentialEvent,
            revision: recorded.revision,
          };
      }
      return undefined;
    } catch (error) {
      if (isStreamNotFound(error)) return undefined;
      throw error;
    }
  }
}
