import { useI18n } from '../i18n/i18n';

export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <button
      type="button"
      className="button ghost lang-switch"
      aria-label={t('lang.switchLabel')}
      lang={language === 'id' ? 'en' : 'id'}
      onClick={() => setLanguage(language === 'id' ? 'en' : 'id')}
    >
      {t('lang.switch')}
    </button>
  );
}
