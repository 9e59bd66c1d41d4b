import { codeLevel, nomenclatureByVersion, parentCode } from '../reference/nomenclature';
import type { CommandOfType } from './commands';
import { effectiveChanges } from './decide-program';
import { accept, reject, type Decision } from './decision';
import { withProgram } from './domain-checks';
import { domainError, type DomainError } from './errors';
import { kegiatanOf, own, type BoardState, type Kegiatan, type Program, type SubKegiatan } from './types';

/**
 * Kegiatan and sub-kegiatan under a program (issue 11). A kegiatan's code must be one of the program's
 * kegiatan in the board's nomenclature, a sub-kegiatan's one of its kegiatan's; each is added once per
 * program (its code is its identity there), revised field by field (pagu per year), archived and
 * restored, never deleted. The program must be active.
 */
export type RincianCommand = CommandOfType<
  | 'AddKegiatan'
  | 'ReviseKegiatan'
  | 'ArchiveKegiatan'
  | 'UnarchiveKegiatan'
  | 'AddSubKegiatan'
  | 'ReviseSubKegiatan'
  | 'ArchiveSubKegiatan'
  | 'UnarchiveSubKegiatan'
>;

export function decideRincian(command: RincianCommand, state: BoardState): Decision {
  return withProgram(state, command.data.programId, true, (program) => {
    const { programId, code } = command.data;
    switch (command.type) {
      case 'AddKegiatan': {
        const title = nomenclatureTitle(state, program, code, 'kegiatan');
        if (typeof title !== 'string') return reject(title);
        const existing = own(kegiatanOf(program), code);
        if (existing) return reject(alreadyThere(existing, 'kegiatan'));
        const { indicators, notes } = command.data;
        return accept({ type: 'KegiatanAdded', data: { programId, code, title, indicators, notes } });
      }
      case 'ReviseKegiatan':
        return withKegiatan(program, code, true, (kegiatan) => {
          const { changes, before } = effectiveChanges(kegiatan, command.data.changes);
          if (Object.keys(changes).length === 0) return accept();
          return accept({ type: 'KegiatanRevised', data: { programId, code, changes, before } });
        });
      case 'ArchiveKegiatan':
        return withKegiatan(program, code, false, (kegiatan) =>
          kegiatan.archived
            ? accept()
            : accept({ type: 'KegiatanArchived', data: { programId, code, reason: command.data.reason } }),
        );
      case 'UnarchiveKegiatan':
        return withKegiatan(program, code, false, (kegiatan) =>
          kegiatan.archived ? accept({ type: 'KegiatanUnarchived', data: { programId, code } }) : accept(),
        );
      case 'AddSubKegiatan': {
        const title = nomenclatureTitle(state, program, code, 'subKegiatan');
        if (typeof title !== 'string') return reject(title);
        return withKegiatan(program, parentCode(code) ?? '', true, (kegiatan) => {
          const existing = own(kegiatan.subKegiatan, code);
          if (existing) return reject(alreadyThere(existing, 'subKegiatan'));
          const { indicators, pagu, lokasi, notes } = command.data;
          return accept({
            type: 'SubKegiatanAdded',
            data: { programId, code, title, indicators, pagu, lokasi, notes },
          });
        });
      }
      case 'ReviseSubKegiatan':
        return withSub(program, code, true, (sub) => {
          const { changes, before } = effectiveChanges(sub, command.data.changes);
          if (Object.keys(changes).length === 0) return accept();
          return accept({ type: 'SubKegiatanRevised', data: { programId, code, changes, before } });
        });
      case 'ArchiveSubKegiatan':
        return withSub(program, code, false, (sub) =>
          sub.archived
            ? accept()
            : accept({ type: 'SubKegiatanArchived', data: { programId, code, reason: command.data.reason } }),
        );
      case 'UnarchiveSubKegiatan':
        return withSub(program, code, false, (sub) => {
          if (!sub.archived) return accept();
          // Its kegiatan must be active to take it back.
          return withKegiatan(program, parentCode(code) ?? '', true, () =>
            accept({ type: 'SubKegiatanUnarchived', data: { programId, code } }),
          );
        });
      default: {
        const exhaustive: never = command;
        return exhaustive;
      }
    }
  });
}

/** The nomenclature's name for `code` if it is a `level` code right under the program's tree, else why not. */
function nomenclatureTitle(
  state: BoardState,
  program: Program,
  code: string,
  level: 'kegiatan' | 'subKegiatan',
): string | DomainError {
  const entry = nomenclatureByVersion(state.nomenclatureVersion)?.entries.get(code);
  if (!entry || (entry.level ?? codeLevel(code)) !== level) {
    const [id, en] = level === 'kegiatan' ? ['kegiatan', 'Kegiatan'] : ['sub-kegiatan', 'Sub-kegiatan'];
    return domainError(
      'UnknownCode',
      `Kode ${id} ${code} tidak ada dalam daftar nomenklatur papan ini (${state.nomenclatureVersion}).`,
      `${en} code ${code} is not in this board's nomenclature list (${state.nomenclatureVersion}).`,
    );
  }
  const programCode = level === 'kegiatan' ? parentCode(code) : parentCode(parentCode(code) ?? '');
  if (programCode !== program.code) {
    return domainError(
      'CodeNotUnderParent',
      `${code} ${entry.title} bukan bagian dari program ${program.code} ${program.title}.`,
      `${code} ${entry.title} does not belong to program ${program.code} ${program.title}.`,
    );
  }
  return entry.title;
}

function alreadyThere(item: Kegiatan | SubKegiatan, level: 'kegiatan' | 'subKegiatan'): DomainError {
  const [id, en] = level === 'kegiatan' ? ['Kegiatan', 'Kegiatan'] : ['Sub-kegiatan', 'Sub-kegiatan'];
  return domainError(
    level === 'kegiatan' ? 'KegiatanAlreadyExists' : 'SubKegiatanAlreadyExists',
    item.archived
      ? `${id} ${item.code} ${item.title} sudah ada di program ini tetapi diarsipkan; pulihkan saja.`
      : `${id} ${item.code} ${item.title} sudah ada di program ini.`,
    item.archived
      ? `${en} ${item.code} ${item.title} is already on this program but archived; restore it instead.`
      : `${en} ${item.code} ${item.title} is already on this program.`,
  );
}

function withKegiatan(
  program: Program,
  code: string,
  mustBeActive: boolean,
  then: (kegiatan: Kegiatan) => Decision,
): Decision {
  const kegiatan = own(kegiatanOf(program), code);
  if (!kegiatan)
    return reject(
      domainError(
        'KegiatanNotFound',
        `Kegiatan ${code} belum ada di program ${program.code}; tambahkan kegiatannya dulu.`,
        `Kegiatan ${code} is not on program ${program.code}; add the kegiatan first.`,
      ),
    );
  if (mustBeActive && kegiatan.archived)
    return reject(
      domainError(
        'KegiatanArchived',
        `Kegiatan ${kegiatan.code} ${kegiatan.title} diarsipkan; pulihkan dulu untuk mengubahnya.`,
        `Kegiatan ${kegiatan.code} ${kegiatan.title} is archived; restore it before changing it.`,
      ),
    );
  return then(kegiatan);
}

function withSub(
  program: Program,
  code: string,
  mustBeActive: boolean,
  then: (sub: SubKegiatan) => Decision,
): Decision {
  const kegiatan = own(kegiatanOf(program), parentCode(code) ?? '');
  const sub = kegiatan ? own(kegiatan.subKegiatan, code) : undefined;
  if (!kegiatan || !sub)
    return reject(
      domainError(
        'SubKegiatanNotFound',
        `Sub-kegiatan ${code} belum ada di program ${program.code}.`,
        `Sub-kegiatan ${code} is not on program ${program.code}.`,
      ),
    );
  if (mustBeActive && (sub.archived || kegiatan.archived))
    return reject(
      domainError(
        'SubKegiatanArchived',
        `Sub-kegiatan ${sub.code} ${sub.title} (atau kegiatannya) diarsipkan; pulihkan dulu untuk mengubahnya.`,
        `Sub-kegiatan ${sub.code} ${sub.title} (or its kegiatan) is archived; restore it before changing it.`,
      ),
    );
  return then(sub);
}
