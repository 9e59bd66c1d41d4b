import './rincian.css';
import { useI18n } from '../i18n/i18n';

/** While the board's nomenclature list downloads (or failed and retries), say so: editing waits for it. */
export function NomenclatureStatus({
  state,
  version,
}: {
  state: 'loading' | 'ready' | 'failed' | undefined;
  version: string;
}) {
  const { t } = useI18n();
  if (state !== 'loading' && state !== 'failed') return null;
  return (
    <p
      className={`nomenclature-status${state === 'failed' ? ' error' : ''}`}
      role="status"
      data-testid="nomenclature-status"
      data-state={state}
    >
      {t(state === 'loading' ? 'nomenclature.loading' : 'nomenclature.failed', { version })}
    </p>
  );
}
