/** @jest-environment node */
import { formatMessage, placeholderNames, pluralCounts } from './format-message';
import { translate } from './i18n';
import { en } from './messages-en';
import { id } from './messages-id';

const keys = Object.keys(id) as Array<keyof typeof id>;

/** Params that are numbers people count things with. */
const COUNTS = ['count', 'total', 'events'];
/** Words that read the same after any number ("3 selected", "+2 more", "1 kecamatan"). */
const INVARIANT = new Set(['of', 'selected', 'more', 'not', 'kecamatan', 'min', 'h']);

describe('interface strings', () => {
  it.each(keys)('%s exists in both languages, with the same placeholders', (k) => {
    expect(id[k].trim()).not.toBe('');
    expect(en[k].trim()).not.toBe('');
    expect(placeholderNames(en[k])).toEqual(placeholderNames(id[k]));
  });

  it('has no English key Indonesian lacks', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
  });

  it('fills placeholders and leaves an unknown one visible', () => {
    expect(translate('id', 'board.revision', { revision: 42 })).toBe('Revisi 42');
    expect(translate('en', 'board.revision', { revision: 42 })).toBe('Revision 42');
    expect(translate('en', 'board.revision')).toBe('Revision {revision}');
  });

  // A new "{count} things" in English without a plural block fails here ("1 programs").
  it('puts every English count that a noun follows in a plural block', () => {
    const bare = keys.filter((k) =>
      [...en[k].matchAll(/\{(\w+)\} ([A-Za-z]+)/g)].some(
        ([, name, word]) => COUNTS.includes(name!) && !INVARIANT.has(word!),
      ),
    );
    expect(bare).toEqual([]);
  });

  it('needs no plural block in Bahasa Indonesia: one form for every number', () => {
    const forms = new Intl.PluralRules('id').resolvedOptions().pluralCategories;
    expect(forms).toEqual(['other']);
    expect(keys.filter((k) => pluralCounts(id[k]).length > 0)).toEqual([]);
  });
});

describe('plural forms', () => {
  it('chooses by Intl.PluralRules of the language', () => {
    expect(translate('en', 'board.column.count', { count: 1 })).toBe('1 program');
    expect(translate('en', 'board.column.count', { count: 0 })).toBe('0 programs');
    expect(translate('en', 'board.column.count', { count: 5000 })).toBe('5000 programs');
    expect(translate('id', 'board.column.count', { count: 1 })).toBe('1 program');
    expect(translate('id', 'board.column.count', { count: 7 })).toBe('7 program');
    expect(translate('en', 'board.column.countFiltered', { count: 0, total: 1 })).toBe('0 of 1 program');
    expect(translate('en', 'presence.count', { count: 1 })).toBe('1 person on the board');
    expect(translate('en', 'presence.count', { count: 3 })).toBe('3 people on the board');
    expect(translate('en', 'status.conflicts', { count: 1 })).toBe('1 conflict needs a decision');
    expect(translate('en', 'editor.fixIssues', { count: 1 })).toBe('Not saved: fix the marked field.');
    expect(translate('en', 'editor.fixIssues', { count: 2 })).toBe('Not saved: fix the 2 marked fields.');
  });

  it('prefers an exact =n form, keeps other placeholders inside a form, and shows a missing count', () => {
    const template = '{n, plural, =0 {none} one {# {thing}} other {# {thing}s}}';
    expect(formatMessage('en', template, { n: 0, thing: 'card' })).toBe('none');
    expect(formatMessage('en', template, { n: 1, thing: 'card' })).toBe('1 card');
    expect(formatMessage('en', template, { n: 2, thing: 'card' })).toBe('2 cards');
    expect(formatMessage('en', template, {})).toBe(template);
    expect(placeholderNames(template)).toEqual(['n', 'thing']);
  });

  it('renders every English plural message for 1 and 2 without leftover syntax', () => {
    for (const k of keys.filter((key) => pluralCounts(en[key]).length > 0)) {
      const params = Object.fromEntries(placeholderNames(en[k]).map((name) => [name, 1]));
      for (const n of [1, 2]) {
        const text = translate('en', k, Object.fromEntries(Object.keys(params).map((p) => [p, n])));
        expect(text).not.toMatch(/[{}#]|plural/);
      }
    }
  });
});
