/**
 * Password hashes, kept out of the immutable event log so that they can be replaced and erased, but
 * shared by every server instance and the user CLI through the store they already share: a table in
 * the SQLite file, or one short stream per account in KurrentDB.
 *
 * Each hash carries the revision of the accounts-stream event that set it (`PasswordSet`), and a write
 * only lands if its revision is newer than the stored one: two processes setting a password at once
 * leave the hash of the later event, whatever order their writes arrive in, and writes for different
 * accounts never touch each other (no whole-file rewrite that could lose one).
 */
export interface StoredCredential {
  userId: string;
  hash: string;
  /** The accounts stream revision of the event that set it; -1 for a hash imported from credentials.json. */
  revision: number;
}

export interface Credentials {
  get(userId: string): Promise<StoredCredential | undefined>;
  /** Stores `hash` unless the stored one was set by a later (or the same) revision. True if it landed. */
  set(userId: string, hash: string, revision: number): Promise<boolean>;
  /** Erases the account's hash for good: the password no longer works until a new one is set. */
  erase(userId: string): Promise<void>;
  close(): Promise<void>;
}

export const CREDENTIALS = Symbol('CREDENTIALS');

/** The revision a hash imported from the old credentials.json gets: any real `PasswordSet` is newer. */
export const IMPORTED_REVISION = -1;
