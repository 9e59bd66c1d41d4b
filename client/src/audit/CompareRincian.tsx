import type { BoardState, CompareResponse } from '@selaras/shared';
import { useI18n } from '../i18n/i18n';
import { ChangeLine } from './ChangeLine';

/**
 * The comparison's kegiatan and sub-kegiatan (issue 11), per program grouped by OPD: added, archived,
 * restored or revised (indicators = re-targeted, pagu per year), and the program's pagu as totals count
 * it where that changed.
 */
export function CompareRincian({
  result,
  board,
  opdName,
}: {
  result: CompareResponse;
  board: BoardState | null;
  opdName: (opdId: string) => string;
}) {
  const { t, language } = useI18n();
  const rincian = result.rincian ?? [];
  if (rincian.length === 0) return null;
  return (
    <section className="compare-section" data-testid="compare-rincian">
      <h2>
        {t('compare.rincian')} ({rincian.length})
      </h2>
      <ul>
        {rincian.map((p) => (
          <li key={p.programId} data-program-id={p.programId}>
            <b>{p.code}</b> {p.title} ({opdName(p.opdId)})
            <ul>
              {p.changes.map((item) => (
                <li key={`${item.level}:${item.code}`} data-code={item.code} data-kind={item.kind}>
                  {t(`compare.rincian.${item.level}`)} <b>{item.code}</b> {item.title}:{' '}
                  <strong>{t(`compare.rincian.${item.kind}`)}</strong>
                  {item.kind !== 'added' && item.changes.length > 0 && (
                    <ul>
                      {item.changes.map((c) => (
                        <li key={c.field} className="change">
                          <ChangeLine change={c} board={board} t={t} language={language} />
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
              {p.programPagu.length > 0 && (
                <li>
                  {t('compare.programPagu')}
                  <ul>
                    {p.programPagu.map((c) => (
                      <li key={c.field} className="change">
                        <ChangeLine change={c} board={board} t={t} language={language} />
                      </li>
                    ))}
                  </ul>
                </li>
              )}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
