/**
 * Typed domain errors. `code` is stable (clients translate by it); `message` is Bahasa Indonesia and
 * `messageEn` English, both written for the person who sent the command.
 */
export type DomainErrorCode =
  | 'BoardNotFound'
  | 'BoardAlreadyExists'
  | 'BoardIdMismatch'
  | 'ProgramNotFound'
  | 'ProgramAlreadyExists'
  | 'DuplicateProgram'
  | 'ProgramArchived'
  | 'ColumnNotFound'
  | 'ColumnAlreadyExists'
  | 'UnknownCode'
  | 'UnknownNomenclature'
  | 'UnknownOpd'
  | 'UnknownReferenceItem'
  | 'UnknownReferenceList'
  | 'ReferenceItemAlreadyExists'
  | 'InvalidPlacement'
  | 'MeetingAlreadyRunning'
  | 'MeetingNotRunning'
  | 'RevisionNotFound'
  | 'HistoryUnavailable'
  | 'CodeNotUnderParent'
  | 'KegiatanNotFound'
  | 'KegiatanAlreadyExists'
  | 'KegiatanArchived'
  | 'SubKegiatanNotFound'
  | 'SubKegiatanAlreadyExists'
  | 'SubKegiatanArchived'
  | 'Forbidden';

export interface DomainError {
  kind: 'DomainError';
  code: DomainErrorCode;
  message: string;
  messageEn: string;
}

export function domainError(code: DomainErrorCode, message: string, messageEn: string): DomainError {
  return { kind: 'DomainError', code, message, messageEn };
}

export function isDomainError(value: unknown): value is DomainError {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'DomainError';
}
