import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

export interface DialogProps {
  /** The heading's id (aria-labelledby); one is made up when not given. */
  titleId?: string;
  title: ReactNode;
  /** Escape, the close button and a click on the backdrop all ask this; the owner decides. */
  onClose: () => void;
  children: ReactNode;
  testId: string;
  /** A wider panel (the card editor's tables). */
  wide?: boolean;
  /** data-testid of the close button (tests and scripts find it by this). */
  closeTestId?: string;
  /**
   * Where the focus goes back to on close. By default the element focused before the dialog opened;
   * a board card may have been re-rendered meanwhile, so the card editor finds it again by its id.
   */
  returnFocus?: () => HTMLElement | null | undefined;
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
  'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) => !el.closest('[hidden], details:not([open]) > :not(summary)'),
  );
}

/**
 * A modal side panel: focus moves in on open (to the element marked data-autofocus, else the panel
 * itself so a screen reader starts at the heading), Tab and Shift+Tab stay inside, Escape closes, and
 * focus returns where it came from. Shared by the card editor, the propose form and the conflict view.
 */
export function Dialog({
  titleId,
  title,
  onClose,
  children,
  testId,
  wide,
  closeTestId,
  returnFocus,
}: DialogProps) {
  const { t } = useI18n();
  const ownId = useId();
  const headingId = titleId ?? `${ownId}-title`;
  const ref = useRef<HTMLDivElement>(null);
  const returnFocusRef = useRef(returnFocus);
  returnFocusRef.current = returnFocus;

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = ref.current;
    const first = dialog?.querySelector<HTMLElement>('[data-autofocus]');
    (first ?? dialog)?.focus();
    return () => {
      // The panel is already out of the document here (passive cleanups run after removal). Focused at
      // once, not later: a dialog opened in the same commit (propose → editor) has taken focus already
      // and keeps it, since its effect runs after this cleanup.
      const target = returnFocusRef.current?.() ?? (before?.isConnected ? before : null);
      target?.focus();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      // Only the innermost dialog closes.
      event.stopPropagation();
      event.preventDefault();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const items = focusables(ref.current);
    const active = document.activeElement;
    if (items.length === 0) {
      event.preventDefault();
      return;
    }
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (event.shiftKey && (active === first || active === ref.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !ref.current.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div
      className="dialog-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        className={`dialog${wide ? ' dialog-wide' : ''}`}
        data-testid={testId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <div className="dialog-head">
          <h2 id={headingId} className="dialog-title">
            {title}
          </h2>
          <button
            type="button"
            className="button ghost dialog-close"
            onClick={onClose}
            aria-label={t('common.close')}
            title={t('common.close')}
            data-testid={closeTestId}
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
