import type { BoardState } from '@selaras/shared';
import { navigate } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { useConnection } from '../sync/use-connection';
import { useBoardUi } from './board-context';

/**
 * The meeting on the board: everyone sees that one is running (and opens its change report); the
 * secretariat starts and ends it and marks milestones, which become named points on the timeline.
 */
export function MeetingControls({ board }: { board: BoardState }) {
  const { t, pick } = useI18n();
  const connection = useConnection();
  const { session, announce } = useBoardUi();
  const meeting = (board as BoardState & { activeMeeting?: { meetingId: string; title: string } | null })
    .activeMeeting;
  const secretariat = session.user.role === 'sekretariat';
  const run = (type: 'StartMeeting' | 'EndMeeting' | 'MarkMilestone', data: unknown, done: string) => {
    const result = connection.dispatch(type, data);
    announce(result.ok ? done : pick(result.error));
  };
  const ask = (question: string) => window.prompt(question)?.trim();
  return (
    <div className="meeting-controls">
      {meeting && (
        <a
          className="badge meeting-badge"
          href={`/papan/${board.id}/rapat/${meeting.meetingId}`}
          onClick={(e) => (e.preventDefault(), navigate(`/papan/${board.id}/rapat/${meeting.meetingId}`))}
          data-testid="meeting-running"
        >
          {t('meetingCtl.running', { title: meeting.title })}
        </a>
      )}
      {secretariat &&
        (meeting ? (
          <button
            type="button"
            className="button"
            onClick={() => run('EndMeeting', { meetingId: meeting.meetingId }, t('meetingCtl.ended'))}
          >
            {t('meetingCtl.end')}
          </button>
        ) : (
          <button
            type="button"
            className="button"
            onClick={() => {
              const title = ask(t('meetingCtl.titleQuestion'));
              if (title) run('StartMeeting', { title }, t('meetingCtl.started', { title }));
            }}
          >
            {t('meetingCtl.start')}
          </button>
        ))}
      {secretariat && (
        <button
          type="button"
          className="button ghost"
          onClick={() => {
            const title = ask(t('meetingCtl.milestoneQuestion'));
            if (title) run('MarkMilestone', { title }, t('meetingCtl.marked', { title }));
          }}
        >
          {t('meetingCtl.milestone')}
        </button>
      )}
    </div>
  );
}
