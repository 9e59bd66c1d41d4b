import { codeLevel, nomenclatureByVersion, type Nomenclature } from '../reference/nomenclature';
import type { CommandOfType } from './commands';
import { accept, reject, type Decision } from './decision';
import { checkOpd } from './domain-checks';
import { domainError } from './errors';
import { kegiatanOf, own, type BoardState } from './types';

/** SetOpdBidang: which bidang urusan an OPD is mapped to (the warning on proposals outside them). */
export function setOpdBidang(command: CommandOfType<'SetOpdBidang'>, state: BoardState): Decision {
  const { opdId, bidang } = command.data;
  const unknownOpd = checkOpd(state, opdId);
  if (unknownOpd) return reject(unknownOpd);
  const nomenclature = nomenclatureByVersion(state.nomenclatureVersion);
  const unknown = bidang.filter((code) => !isLevel(nomenclature, code, 'bidang'));
  if (unknown.length > 0)
    return reject(
      domainError(
        'UnknownCode',
        `Bidang urusan ${unknown.join(', ')} tidak ada dalam nomenklatur papan ini (${state.nomenclatureVersion}).`,
        `Bidang urusan ${unknown.join(', ')} is not in this board's nomenclature (${state.nomenclatureVersion}).`,
      ),
    );
  const before = (state.opdBidang && own(state.opdBidang, opdId)) ?? [];
  const sorted = [...bidang].sort();
  if (sorted.join() === [...before].sort().join()) return accept();
  return accept({ type: 'OpdBidangSet', data: { opdId, bidang: sorted, before } });
}

/**
 * ChangeNomenclature: the board moves to another version. Every code on the board (programs, kegiatan,
 * sub-kegiatan) is renamed where the person mapped it, then looked up in the new version: a name that
 * changed is retitled, a code the new version lacks is listed as removed (kept on the card, marked).
 */
export function changeNomenclature(
  command: CommandOfType<'ChangeNomenclature'>,
  state: BoardState,
): Decision {
  const { version, renames } = command.data;
  const from = nomenclatureByVersion(state.nomenclatureVersion);
  const to = nomenclatureByVersion(version);
  if (!to)
    return reject(
      domainError(
        'UnknownNomenclature',
        `Versi nomenklatur "${version}" tidak dikenal.`,
        `Unknown nomenclature version "${version}".`,
      ),
    );
  if (version === state.nomenclatureVersion) return accept();
  const used = codesOnBoard(state);
  const badRename = renames.find(
    (r) => !used.has(r.from) || !isLevel(to, r.to, codeLevel(r.from) ?? 'program') || r.from === r.to,
  );
  if (badRename)
    return reject(
      domainError(
        'UnknownCode',
        `Penggantian kode ${badRename.from} → ${badRename.to} tidak sah: kode lama harus dipakai di papan, kode baru harus ada di ${version} pada tingkat yang sama.`,
        `Renaming ${badRename.from} → ${badRename.to} is not valid: the old code must be on the board and the new one in ${version} at the same level.`,
      ),
    );
  const map = new Map(renames.map((r) => [r.from, r.to]));
  const retitled: Array<{ code: string; before: string; after: string }> = [];
  const removed: string[] = [];
  for (const oldCode of [...used].sort()) {
    const code = map.get(oldCode) ?? oldCode;
    const after = to.entries.get(code)?.title;
    if (after === undefined) {
      removed.push(code);
      continue;
    }
    const before = from?.entries.get(oldCode)?.title;
    if (before !== undefined && before !== after) retitled.push({ code, before, after });
  }
  return accept({
    type: 'NomenclatureChanged',
    data: {
      from: state.nomenclatureVersion,
      to: version,
      renamed: renames.map(({ from: f, to: t }) => ({ from: f, to: t })),
      retitled,
      removed,
    },
  });
}

function codesOnBoard(state: BoardState): Set<string> {
  const codes = new Set<string>();
  for (const program of Object.values(state.programs)) {
    codes.add(program.code);
    for (const kegiatan of Object.values(kegiatanOf(program))) {
      codes.add(kegiatan.code);
      for (const sub of Object.values(kegiatan.subKegiatan)) codes.add(sub.code);
    }
  }
  return codes;
}

function isLevel(nomenclature: Nomenclature | undefined, code: string, level: string): boolean {
  const entry = nomenclature?.entries.get(code);
  return entry !== undefined && (entry.level ?? codeLevel(code)) === level;
}
