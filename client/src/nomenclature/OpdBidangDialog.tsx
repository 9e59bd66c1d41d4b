import { useMemo, useState } from 'react';
import {
  compareCodes,
  normalizeSearchText,
  nomenclatureByVersion,
  own,
  type BoardState,
} from '@selaras/shared';
import { useBoardUi } from '../board/board-context';
import { Dialog } from '../editor/Dialog';
import { useI18n } from '../i18n/i18n';
import { useConnection } from '../sync/use-connection';

/**
 * The secretariat maps each OPD to the bidang urusan it holds (SetOpdBidang): board data, used to warn
 * (not refuse) when a program outside them is proposed. One OPD at a time: a select, then a checkbox per
 * bidang of the board's nomenclature (filterable), then save; the current mapping is listed below.
 */
export function OpdBidangDialog({ board, onClose }: { board: BoardState; onClose: () => void }) {
  const { t, pick } = useI18n();
  const connection = useConnection();
  const ui = useBoardUi();
  const opds = Object.values(board.opds);
  const [opdId, setOpdId] = useState(opds[0]?.id ?? '');
  const mapped = (id: string) => (board.opdBidang && own(board.opdBidang, id)) ?? [];
  const [checked, setChecked] = useState<ReadonlySet<string>>(() => new Set(mapped(opdId)));
  const [filter, setFilter] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const nomenclature = nomenclatureByVersion(board.nomenclatureVersion);
  const bidang = useMemo(
    () =>
      [...(nomenclature?.entries.values() ?? [])]
        .filter((e) => e.level === 'bidang')
        .sort((a, b) => compareCodes(a.code, b.code)),
    [nomenclature],
  );
  const words = normalizeSearchText(filter).split(' ').filter(Boolean);
  const shown = bidang.filter(
    (b) => checked.has(b.code) || words.every((w) => normalizeSearchText(`${b.code} ${b.title}`).includes(w)),
  );
  const opdName = own(board.opds, opdId)?.name ?? opdId;

  const chooseOpd = (id: string) => {
    setOpdId(id);
    setChecked(new Set(mapped(id)));
    setMessage(null);
  };
  const toggle = (code: string, on: boolean) => {
    const next = new Set(checked);
    if (on) next.add(code);
    else next.delete(code);
    setChecked(next);
    setMessage(null);
  };
  const save = () => {
    const list = [...checked].sort(compareCodes);
    if (list.join() === [...mapped(opdId)].sort(compareCodes).join()) {
      setMessage({ text: t('bidang.unchanged'), error: false });
      return;
    }
    const result = connection.dispatch('SetOpdBidang', { opdId, bidang: list });
    const text = result.ok ? t('bidang.saved', { opd: opdName }) : pick(result.error);
    setMessage({ text, error: !result.ok });
    if (result.ok) ui.announce(text);
  };

  return (
    <Dialog title={t('bidang.title')} onClose={onClose} testId="opd-bidang-dialog" wide>
      <div className="editor-form">
        <p className="muted">{t('bidang.intro')}</p>
        <div className="field">
          <label htmlFor="bidang-opd">{t('bidang.opd')}</label>
          <select id="bidang-opd" value={opdId} onChange={(e) => chooseOpd(e.target.value)} data-autofocus="">
            {opds.map((opd) => (
              <option key={opd.id} value={opd.id}>
                {opd.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="bidang-filter">{t('bidang.filter')}</label>
          <input id="bidang-filter" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
        <fieldset>
          <legend>{t('bidang.list', { opd: opdName })}</legend>
          <div className="bidang-grid">
            {shown.map((b) => (
              <label key={b.code}>
                <input
                  type="checkbox"
                  checked={checked.has(b.code)}
                  onChange={(e) => toggle(b.code, e.target.checked)}
                  data-code={b.code}
                />
                <span className="card-code">{b.code}</span> <span>{b.title}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="editor-savebar">
          <button type="button" className="button primary" onClick={save} data-testid="bidang-save">
            {t('common.save')}
          </button>
          <span role="status" className={message?.error ? 'error' : 'save-state'}>
            {message?.text}
          </span>
        </div>
        <table className="editor-table">
          <caption>{t('bidang.current')}</caption>
          <tbody>
            {opds.map((opd) => {
              const codes = mapped(opd.id);
              return (
                <tr key={opd.id}>
                  <th scope="row">{opd.name}</th>
                  <td>
                    {codes.length > 0 ? codes.join(', ') : <span className="muted">{t('bidang.none')}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Dialog>
  );
}
