import {
  commandDataSchemas,
  validate,
  type Column,
  type CommandInput,
  type Nomenclature,
  type Opd,
  type Role,
} from '@selaras/shared';
import { isKnownCode } from './editor-codes';
import { fieldIssue, unknownCodeIssue, type FieldIssue } from './editor-draft';

/** The propose form as typed. */
export interface ProposeFormValues {
  code: string;
  title: string;
  opdId: string;
  columnId: string;
  sumberDana: string;
  notes: string;
}

/**
 * The OPD an `opd` account must propose for: its own. Null for the secretariat, who proposes for
 * any OPD. (An `opd` account without an OPD gets '' and can propose for none.)
 */
export function lockedOpd(user: { role: Role; opdId: string | null }): string | null {
  return user.role === 'opd' ? (user.opdId ?? '') : null;
}

export function initialProposeForm(
  columns: readonly Column[],
  user: { role: Role; opdId: string | null },
): ProposeFormValues {
  return {
    code: '',
    title: '',
    opdId: lockedOpd(user) ?? '',
    columnId: columns[0]?.id ?? '',
    sumberDana: '',
    notes: '',
  };
}

export interface ProposeContext {
  programId: string;
  nomenclature: Nomenclature | undefined;
  opds: Record<string, Opd>;
  lockedOpdId: string | null;
}

const issue = (path: string, message: string, messageEn: string): FieldIssue => ({
  path,
  message,
  messageEn,
});

/**
 * The ProposeProgram data of the form, or every problem at once (each at its field). The code must
 * be in the board's nomenclature list; an `opd` account proposes for its own OPD only.
 */
export function buildProposal(
  form: ProposeFormValues,
  ctx: ProposeContext,
): { ok: true; data: CommandInput<'ProposeProgram'> } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const code = form.code.trim();
  if (!isKnownCode(ctx.nomenclature, code)) issues.push(unknownCodeIssue('code', code));
  if (form.opdId === '')
    issues.push(issue('opdId', 'Pilih OPD penanggung jawab.', 'Choose the responsible OPD.'));
  else if (ctx.lockedOpdId !== null && form.opdId !== ctx.lockedOpdId)
    issues.push(
      issue(
        'opdId',
        'Anda hanya dapat mengusulkan program untuk OPD Anda sendiri.',
        'You can only propose programs for your own OPD.',
      ),
    );
  else if (!Object.hasOwn(ctx.opds, form.opdId))
    issues.push(issue('opdId', 'OPD ini tidak terdaftar di papan ini.', 'This OPD is not on this board.'));

  const data: CommandInput<'ProposeProgram'> = {
    programId: ctx.programId,
    code,
    title: form.title,
    opdId: form.opdId,
    ...(form.columnId ? { columnId: form.columnId } : {}),
    ...(form.sumberDana.trim() ? { sumberDana: form.sumberDana.trim() } : {}),
    ...(form.notes.trim() ? { notes: form.notes } : {}),
  };
  const checked = validate(commandDataSchemas.ProposeProgram, data);
  if (!checked.success) {
    // One message per field: the code's "not in the list" says more than the schema's pattern one.
    const taken = new Set(issues.map((i) => i.path));
    issues.push(...checked.issues.map(fieldIssue).filter((i) => !taken.has(i.path)));
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, data };
}
