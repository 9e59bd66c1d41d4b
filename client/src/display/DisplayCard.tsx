import { memo } from 'react';
import type { BoardState, Program } from '@selaras/shared';
import { formatRupiahCompact } from '../format/rupiah';
import { useI18n } from '../i18n/i18n';
import { paguSum } from '../board/derive';
import type { Density } from './paging';
import { shortTitle } from './ticker';

interface Props {
  program: Program;
  opdShort: string;
  lists: BoardState['referenceLists'];
  density: Density;
  /** Changed by someone in the last few seconds. */
  highlighted: boolean;
}

/**
 * One program as the room reads it from the back: code and OPD always; the name on one or two lines
 * as room allows; alignment codes and pagu when the board is small enough. No handlers: read-only.
 */
export const DisplayCard = memo(function DisplayCard({
  program,
  opdShort,
  lists,
  density,
  highlighted,
}: Props) {
  const { t, language } = useI18n();
  const pagu = paguSum(program);
  return (
    <li
      className={`dcard${highlighted ? ' dcard-hl' : ''}`}
      data-testid="card"
      data-program-id={program.id}
      data-flip-id={program.id}
      data-highlighted={highlighted ? 'true' : undefined}
      aria-label={t('card.label', { code: program.code, title: program.title, opd: opdShort })}
    >
      <div className="dcard-top">
        <span className="dcard-code">{program.code}</span>
        <span className="dcard-opd">{opdShort}</span>
      </div>
      {density !== 'dense' && <div className="dcard-title">{shortTitle(program.title, 80)}</div>}
      {density === 'full' && (
        <div className="dcard-bottom">
          <span className="dcard-tags">
            {program.tags.slice(0, 3).map((tag) => {
              const list = Object.hasOwn(lists, tag.listId) ? lists[tag.listId] : undefined;
              const item = list?.items.find((i) => i.id === tag.itemId);
              return (
                <span key={`${tag.listId}:${tag.itemId}`} className="dcard-tag">
                  {item?.code ?? tag.itemId}
                </span>
              );
            })}
          </span>
          {pagu > 0 && <span className="dcard-pagu">{formatRupiahCompact(pagu, language)}</span>}
        </div>
      )}
    </li>
  );
});
