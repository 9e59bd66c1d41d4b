import { useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { ConnectionSnapshot } from '../sync/board-connection';
import type { PendingCommand } from '../sync/board-sync';
import { useI18n } from '../i18n/i18n';
import { useBoardSelector } from '../sync/use-connection';
import { subjectText } from './conflict-format';
import { analyzeConflict } from './conflict-resolution';
import { ConflictView } from './ConflictView';

const selectPending = (s: ConnectionSnapshot) => s.pending;
const selectConfirmed = (s: ConnectionSnapshot) => s.confirmed;

/**
 * My commands the server answered 409 to. A persistent banner names each one with a button to decide;
 * each conflict also opens by itself once (per page load, so a reload brings it back): in a meeting the
 * person should not have to notice a small badge to learn their change did not go through. It usually
 * arrives right after a save in the card editor, which stays open: the view opens over it (a portal to
 * the end of <body>, so it stacks above any dialog the board renders) and "decide later" returns there.
 */
export function ConflictCenter() {
  const { t } = useI18n();
  const pending = useBoardSelector(selectPending);
  const confirmed = useBoardSelector(selectConfirmed);
  const conflicts = useMemo(() => pending.filter((p) => p.status === 'conflict'), [pending]);
  const [openId, setOpenId] = useState<string | null>(null);
  const opened = useRef(new Set<string>());

  useEffect(() => {
    if (openId !== null && conflicts.some((c) => c.commandId === openId)) return;
    const next = conflicts.find((c) => !opened.current.has(c.commandId));
    if (!next) return;
    opened.current.add(next.commandId);
    setOpenId(next.commandId);
  }, [conflicts, openId]);

  if (conflicts.length === 0 || !confirmed) return null;
  const open = conflicts.find((c) => c.commandId === openId);
  const subject = (p: PendingCommand) => subjectText(analyzeConflict(p, confirmed).subject, t);
  return (
    <>
      <div className="conflict-banner" role="alert" data-testid="conflict-banner">
        <p className="conflict-banner-text">{t('conflict.banner', { count: conflicts.length })}</p>
        <ul className="conflict-banner-list">
          {conflicts.map((p) => (
            <li key={p.commandId}>
              <button
                type="button"
                className="button"
                data-conflict-open={p.commandId}
                onClick={() => {
                  opened.current.add(p.commandId);
                  setOpenId(p.commandId);
                }}
              >
                {t('conflict.bannerOpen', { subject: subject(p) })}
              </button>
            </li>
          ))}
        </ul>
      </div>
      {open &&
        createPortal(
          // Keyed by command: another conflict starts from its own defaults, never this one's choices.
          <ConflictView
            key={open.commandId}
            pending={open}
            confirmed={confirmed}
            onClose={() => setOpenId(null)}
          />,
          document.body,
        )}
    </>
  );
}
