import type { Language } from '../i18n/i18n';

/** Meetings happen in Banyuasin: times are shown in WIB whatever the laptop's own time zone. */
const WIB = 'Asia/Jakarta';
const locale = (language: Language) => (language === 'en' ? 'en-GB' : 'id-ID');
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(language: Language, kind: 'time' | 'date' | 'dateTime'): Intl.DateTimeFormat {
  const key = `${language}:${kind}`;
  let format = cache.get(key);
  if (!format) {
    const date = { day: 'numeric', month: 'short', year: 'numeric' } as const;
    const time = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
    format = new Intl.DateTimeFormat(locale(language), {
      timeZone: WIB,
      ...(kind === 'time' ? time : kind === 'date' ? date : { ...date, ...time }),
    });
    cache.set(key, format);
  }
  return format;
}

/** "14 Feb 2025, 10.32" (or "10.32" without the date) in WIB; an unreadable time is shown as given. */
export function formatWib(at: string | number | Date, language: Language, withDate = true): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return formatter(language, withDate ? 'dateTime' : 'time').format(date);
}

/** The WIB calendar day alone, "14 Feb 2025", e.g. to tell whether something happened today. */
export function formatWibDate(at: string | number | Date, language: Language): string {
  return formatter(language, 'date').format(new Date(at));
}
