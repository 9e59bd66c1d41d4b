import type { BoardState } from '@selaras/shared';

/** The running meeting as the display shows it (issue 4's `activeMeeting` on the board state). */
export interface MeetingInfo {
  meetingId: string;
  title: string;
  startedAt: string;
  /** The board revision of its MeetingStarted event: its changes so far are the events after it. */
  startRevision: number;
}

/**
 * The meeting running now, or null. Meetings (StartMeeting/EndMeeting → MeetingStarted/MeetingEnded,
 * folded into `board.activeMeeting`) come from issue 4, which was being built beside this display: the
 * field is read structurally so the display compiles and runs with or without it (null without).
 */
export function currentMeeting(board: BoardState): MeetingInfo | null {
  const meeting = (board as { activeMeeting?: Partial<MeetingInfo> | null }).activeMeeting;
  if (!meeting || typeof meeting.title !== 'string' || typeof meeting.startedAt !== 'string') return null;
  return {
    meetingId: String(meeting.meetingId ?? ''),
    title: meeting.title,
    startedAt: meeting.startedAt,
    startRevision: typeof meeting.startRevision === 'number' ? meeting.startRevision : board.revision,
  };
}

/** Whole minutes since the start (never negative: the laptop's clock may be a little behind the server's). */
export function elapsedMinutes(startedAt: string, now: number): number {
  const start = Date.parse(startedAt);
  return Number.isNaN(start) ? 0 : Math.max(0, Math.floor((now - start) / 60_000));
}

/** The meeting's changes so far: every event after the one that started it. */
export function meetingChanges(meeting: MeetingInfo, revision: number): number {
  return Math.max(0, revision - meeting.startRevision);
}
