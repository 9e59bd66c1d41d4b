import { z } from 'zod';
import * as shared from './index';
import { schemaMessages, untranslated } from './testing/schema-messages';
import { say, validate } from './validation';

/** Every zod schema the shared module exports, and those inside exported objects (commandDataSchemas). */
function exportedSchemas(): Array<[string, z.ZodType]> {
  const out: Array<[string, z.ZodType]> = [];
  for (const [name, value] of Object.entries(shared)) {
    if (value instanceof z.ZodType) out.push([name, value]);
    else if (typeof value === 'object' && value !== null)
      for (const [key, inner] of Object.entries(value))
        if (inner instanceof z.ZodType) out.push([`${name}.${key}`, inner]);
  }
  return out;
}

describe("the schemas' own messages", () => {
  it('are walked: the schemas and their messages are found', () => {
    const schemas = exportedSchemas();
    expect(schemas.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'commandEnvelopeSchema',
        'commandDataSchemas.ProposeProgram',
        'eventsQuerySchema',
      ]),
    );
    expect(schemas.flatMap(([name, s]) => schemaMessages(s, name)).length).toBeGreaterThan(20);
  });

  it('all have a real English message', () => {
    const messages = exportedSchemas().flatMap(([name, s]) => schemaMessages(s, name));
    expect(untranslated(messages)).toEqual([]);
  });

  it('would catch an Indonesian-only message (the check itself)', () => {
    const schema = z.object({
      a: z.string().max(3, 'a maksimal 3'),
      b: z.number().min(0, say('b ≥ 0', 'b ≥ 0')),
    });
    expect(untranslated(schemaMessages(schema, 'x')).map((m) => m.where)).toEqual(['x.shape.a', 'x.shape.b']);
  });

  it('reach the API in both languages, also when made during the parse', () => {
    const board = validate(shared.commandDataSchemas.CreateBoard, {
      boardId: 'b',
      title: 'Papan',
      nomenclatureVersion: 'v1',
      columns: [
        { id: 'a', title: 'Satu' },
        { id: 'a', title: 'Dua' },
      ],
      opds: [],
      referenceLists: [],
    });
    expect(board.success).toBe(false);
    if (board.success) return;
    expect(board.issues[0]).toMatchObject({
      message: 'Id kolom "a" berulang',
      messageEn: 'Column id "a" appears twice',
    });
    const events = validate(shared.eventsQuerySchema, { limit: '5000' });
    expect(events.success).toBe(false);
    if (events.success) return;
    expect(events.issues[0]).toMatchObject({
      message: 'limit maksimal 1000',
      messageEn: 'limit is at most 1000',
    });
  });
});
