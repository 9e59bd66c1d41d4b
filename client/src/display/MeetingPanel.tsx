import type { BoardState } from '@selaras/shared';
import { useI18n } from '../i18n/i18n';
import { elapsedMinutes, meetingChanges, type MeetingInfo } from './meeting';
import { formatWib } from './ticker';

/** The running meeting in the header: its title, since when and how long, and its changes so far. */
export function MeetingPanel({
  meeting,
  board,
  now,
}: {
  meeting: MeetingInfo;
  board: BoardState;
  now: number;
}) {
  const { t, language } = useI18n();
  const minutes = elapsedMinutes(meeting.startedAt, now);
  const elapsed =
    minutes >= 60
      ? t('display.meeting.elapsedHours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 })
      : t('display.meeting.elapsedMinutes', { minutes });
  return (
    <div className="display-meeting" data-testid="meeting" data-meeting-id={meeting.meetingId}>
      <div className="display-meeting-top">
        <span className="dlive" aria-hidden="true" />
        {t('display.meeting.label')} ·{' '}
        {t('display.meeting.since', { time: formatWib(meeting.startedAt, language) })} ·{' '}
        <span data-testid="meeting-elapsed">{elapsed}</span>
      </div>
      <div className="display-meeting-main">
        <strong className="display-meeting-title">{meeting.title}</strong>
        <span data-testid="meeting-changes">
          {t('display.meeting.changes', { count: meetingChanges(meeting, board.revision) })}
        </span>
      </div>
    </div>
  );
}
