/** @jest-environment node */
import { translate } from './i18n';
import { en } from './messages-en';
import { id } from './messages-id';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('interface strings', () => {
  it.each(Object.keys(id))('%s exists in both languages, with the same placeholders', (key) => {
    const k = key as keyof typeof id;
    expect(id[k].trim()).not.toBe('');
    expect(en[k].trim()).not.toBe('');
    expect(placeholders(en[k])).toEqual(placeholders(id[k]));
  });

  it('has no English key Indonesian lacks', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
  });

  it('fills placeholders and leaves an unknown one visible', () => {
    expect(translate('id', 'board.revision', { revision: 42 })).toBe('Revisi 42');
    expect(translate('en', 'board.revision', { revision: 42 })).toBe('Revision 42');
    expect(translate('en', 'board.revision')).toBe('Revision {revision}');
  });
});
