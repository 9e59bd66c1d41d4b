import { commandEnvelopeSchema, parseCommand } from './domain/commands';
import { validate } from './validation';

describe('validation messages in both languages', () => {
  it("gives zod's own messages in Bahasa Indonesia and in English, per issue", () => {
    const result = validate(commandEnvelopeSchema, {
      commandId: 'x',
      type: 'ReviseProgram',
      baseRevision: 'nol',
      data: {},
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    const revision = result.issues.find((i) => i.path === 'baseRevision');
    expect(revision).toMatchObject({ code: 'invalid_type' });
    expect(revision?.message).toMatch(/diharapkan number/);
    expect(revision?.messageEn).toMatch(/expected number/);
  });

  it('keeps the messages a schema sets itself, and the paths of command data', () => {
    const parsed = parseCommand('ReviseProgram', {
      programId: 'p',
      changes: { pagu: { '2026': -1 } },
      extra: 1,
    });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['changes.pagu.2026', '']));
    const negative = parsed.issues.find((i) => i.path === 'changes.pagu.2026');
    expect(negative?.message).toBe('Pagu tidak boleh negatif');
    expect(parsed.issues.find((i) => i.code === 'unrecognized_keys')?.messageEn).toMatch(/Unrecognized key/);
  });
});
