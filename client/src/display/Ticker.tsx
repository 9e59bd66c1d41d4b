import type { BoardState, RecordedEvent } from '@selaras/shared';
import { useI18n } from '../i18n/i18n';
import { describeEvent, formatWib } from './ticker';

/** The last changes in words, newest on top; a new line slides in and glows for a moment. */
export function Ticker({ recent, board }: { recent: readonly RecordedEvent[]; board: BoardState }) {
  const { t, language } = useI18n();
  return (
    // The live region is the panel (a list's items must stay inside a plain list for screen readers).
    <section className="dpanel dticker" aria-labelledby="dticker-title" role="log">
      <h2 className="dpanel-title" id="dticker-title">
        {t('display.ticker.title')}
      </h2>
      {recent.length === 0 ? (
        <p className="dpanel-empty">{t('display.ticker.none')}</p>
      ) : (
        <ol className="dticker-list" data-testid="ticker">
          {recent.map((event) => (
            <li
              key={event.revision}
              className="dticker-item"
              data-testid="ticker-item"
              data-revision={event.revision}
            >
              <span className="dticker-text">{describeEvent(event, board, t)}</span>
              <span className="dticker-sep"> · </span>
              <time className="dticker-time" dateTime={event.meta.at}>
                {formatWib(event.meta.at, language)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
