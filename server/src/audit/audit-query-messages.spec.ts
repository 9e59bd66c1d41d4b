import { schemaMessages, untranslated } from '@selaras/shared';
import { auditQuerySchema, compareQuerySchema, parseQuery, pointQuerySchema } from './audit-query';
import { ApiError } from '../http/api-error';

describe('the audit queries’ own messages', () => {
  it('all have a real English message', () => {
    const messages = [
      ...schemaMessages(auditQuerySchema, 'audit'),
      ...schemaMessages(pointQuerySchema, 'point'),
      ...schemaMessages(compareQuerySchema, 'compare'),
    ];
    expect(messages.length).toBeGreaterThan(5);
    expect(untranslated(messages)).toEqual([]);
  });

  it('answer in both languages, the time made during the parse too', () => {
    const refused = (query: unknown) => {
      try {
        parseQuery(auditQuerySchema, query);
      } catch (error) {
        return (error as ApiError).body;
      }
      throw new Error('accepted');
    };
    expect(refused({ from: 'kemarin' }).messageEn).toContain('Invalid time "kemarin"; use ISO 8601');
    expect(refused({ limit: '9999' }).messageEn).toContain('limit is at most 500');
    expect(refused({ limit: '9999' }).message).toContain('limit maksimal 500');
  });
});
