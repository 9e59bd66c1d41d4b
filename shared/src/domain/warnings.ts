import { nomenclatureByVersion, parentCode } from '../reference/nomenclature';
import type { BoardCommand } from './commands';
import { own, type BoardState } from './types';

/**
 * Something the person should know about a command that is still accepted (a refusal is a DomainError).
 * Returned in the command response (`warnings`) and shown by the client before it sends.
 */
export interface CommandWarning {
  code: 'OutsideOpdBidang';
  message: string;
  messageEn: string;
}

/**
 * The warnings a command gets on the state it is decided on. One function for both ends: the client
 * shows them while the person chooses, the server returns them with the accepted command.
 *
 * - OutsideOpdBidang: a program (proposed, or revised to another code or OPD) whose bidang urusan is
 *   not among the bidang its OPD is mapped to. Not a refusal: some OPDs hold several urusan. An OPD
 *   without a mapping gets no warning (nothing to compare with).
 */
export function commandWarnings(command: BoardCommand, state: BoardState): CommandWarning[] {
  switch (command.type) {
    case 'ProposeProgram':
      return outsideBidang(state, command.data.code, command.data.opdId);
    case 'ReviseProgram': {
      const { code, opdId } = command.data.changes;
      if (code === undefined && opdId === undefined) return [];
      const program = own(state.programs, command.data.programId);
      if (!program) return [];
      return outsideBidang(state, code ?? program.code, opdId ?? program.opdId);
    }
    default:
      return [];
  }
}

/** The OutsideOpdBidang warning for a program code held by an OPD, if it applies. */
export function outsideBidang(state: BoardState, code: string, opdId: string): CommandWarning[] {
  const mapped = state.opdBidang ? own(state.opdBidang, opdId) : undefined;
  if (!mapped || mapped.length === 0) return [];
  const bidang = parentCode(code.trim());
  if (bidang === undefined || code.split('.').length !== 3 || mapped.includes(bidang)) return [];
  const nomenclature = nomenclatureByVersion(state.nomenclatureVersion);
  const name = (c: string) => {
    const title = nomenclature?.entries.get(c)?.title;
    return title ? `${c} ${title}` : c;
  };
  const opd = own(state.opds, opdId)?.name ?? opdId;
  const list = mapped.join(', ');
  return [
    {
      code: 'OutsideOpdBidang',
      message: `Program ${code} termasuk bidang urusan ${name(bidang)}, di luar bidang yang dipetakan untuk ${opd} (${list}). Tetap dapat disimpan; pastikan OPD penanggung jawabnya benar.`,
      messageEn: `Program ${code} belongs to bidang urusan ${name(bidang)}, outside the bidang mapped to ${opd} (${list}). It can still be saved; make sure the responsible OPD is right.`,
    },
  ];
}
