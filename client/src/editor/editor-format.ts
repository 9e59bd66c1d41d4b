import type { Language } from '../i18n/i18n';

const dateTime = new Map<Language, Intl.DateTimeFormat>();

/** A moment in the UI language ("14 Feb 2025, 10.00" / "14 Feb 2025, 10:00"), in the browser's zone. */
export function formatDateTime(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = dateTime.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'id-ID', {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    dateTime.set(language, format);
  }
  return format.format(date);
}
