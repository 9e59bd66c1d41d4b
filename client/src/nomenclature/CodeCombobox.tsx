import './rincian.css';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { NomenclatureEntry } from '@selaras/shared';
import { useI18n } from '../i18n/i18n';

interface Props {
  inputId: string;
  value: string;
  /** What was typed (the field keeps free text until an option is chosen). */
  onChange: (text: string) => void;
  /** An option was chosen (Enter on the active option, or a click). */
  onSelect: (entry: NomenclatureEntry) => void;
  /** The options for what is typed, best first (capped by the caller). */
  search: (query: string) => readonly NomenclatureEntry[];
  /** Codes shown but not choosable (already on the card), with why. */
  unavailable?: ReadonlyMap<string, string>;
  placeholder?: string;
  autoFocus?: boolean;
  describedBy?: string;
  invalid?: boolean;
  testId?: string;
}

/**
 * Search as you type over the nomenclature: the ARIA 1.2 combobox pattern with a listbox popup and
 * list autocomplete. Arrow keys move through the options (Alt+Down opens without moving), Enter
 * chooses, Escape closes the list and then clears; the focus stays in the input throughout
 * (aria-activedescendant), and a polite live region says how many options there are.
 */
export function CodeCombobox({
  inputId,
  value,
  onChange,
  onSelect,
  search,
  unavailable,
  placeholder,
  autoFocus,
  describedBy,
  invalid,
  testId,
}: Props) {
  const { t } = useI18n();
  const listId = `${inputId}-listbox`;
  const optionPrefix = `${useId().replace(/:/g, '')}-option`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [announcement, setAnnouncement] = useState('');
  const listRef = useRef<HTMLUListElement>(null);
  // Cheap (an index lookup, ~1 ms on the full list); computed while closed too, so a key opens it at once.
  const options = useMemo(() => search(value), [search, value]);

  useEffect(() => {
    if (!open) return;
    // Said after typing settles, not on every keystroke.
    const timer = setTimeout(
      () =>
        setAnnouncement(
          options.length === 0 ? t('combobox.none') : t('combobox.count', { count: options.length }),
        ),
      400,
    );
    return () => clearTimeout(timer);
  }, [open, options.length, t]);

  useEffect(() => {
    if (active < 0) return;
    listRef.current?.querySelector(`#${CSS.escape(`${optionPrefix}-${active}`)}`)?.scrollIntoView({
      block: 'nearest',
    });
  }, [active, optionPrefix]);

  const choose = (entry: NomenclatureEntry) => {
    if (unavailable?.has(entry.code)) return;
    onSelect(entry);
    setOpen(false);
    setActive(-1);
    setAnnouncement(t('combobox.chosen', { code: entry.code, title: entry.title }));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = options.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(event.altKey ? -1 : 0);
        } else if (count > 0) setActive((i) => (i + 1) % count);
        return;
      case 'ArrowUp':
        event.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(count - 1);
        } else if (count > 0) setActive((i) => (i <= 0 ? count - 1 : i - 1));
        return;
      case 'Enter': {
        const entry = open && active >= 0 ? options[active] : undefined;
        if (!entry) return; // a closed list: Enter submits the form as usual
        event.preventDefault();
        choose(entry);
        return;
      }
      case 'Escape':
        if (open) {
          // Closing the list is all Escape does here; the dialog around it must not close too.
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
          setActive(-1);
        } else if (value !== '') {
          event.preventDefault();
          event.stopPropagation();
          onChange('');
        }
        return;
      case 'Tab':
        setOpen(false);
        setActive(-1);
        return;
      default:
        return;
    }
  };

  const shownActive = active < options.length ? active : -1;
  const activeId =
    open && shownActive >= 0 && shownActive < options.length ? `${optionPrefix}-${shownActive}` : undefined;

  return (
    <div className="combobox">
      <input
        id={inputId}
        className="input-code"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open && options.length > 0}
        aria-controls={listId}
        aria-activedescendant={activeId}
        aria-describedby={describedBy}
        {...(invalid ? { 'aria-invalid': true as const } : {})}
        value={value}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        data-autofocus={autoFocus ? '' : undefined}
        data-testid={testId}
        onChange={(event) => {
          onChange(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
        }}
      />
      <ul
        ref={listRef}
        id={listId}
        role="listbox"
        aria-label={t('combobox.options')}
        className="combobox-list"
        hidden={!open || options.length === 0}
      >
        {options.map((entry, index) => {
          const why = unavailable?.get(entry.code);
          return (
            <li
              key={entry.code}
              id={`${optionPrefix}-${index}`}
              role="option"
              aria-selected={index === shownActive}
              aria-disabled={why !== undefined || undefined}
              className={`combobox-option${index === shownActive ? ' active' : ''}${why ? ' unavailable' : ''}`}
              // Keep the focus in the input: a click chooses without blurring it first.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(entry)}
            >
              <span className="card-code">{entry.code}</span> <span>{entry.title}</span>
              {why && <span className="muted"> · {why}</span>}
            </li>
          );
        })}
      </ul>
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
    </div>
  );
}
