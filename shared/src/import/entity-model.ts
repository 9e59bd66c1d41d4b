import type { BoardState, Program } from '../domain/types';
import type { NomenclatureLevel } from '../reference/nomenclature';
import type { PlanYear } from '../reference/opds';
import type { ImportFieldChange, RowIssue, RowStatus } from './import-types';
import type { ParsedRow } from './rows';

/**
 * What the rows of a file describe: each data row names a program, kegiatan or sub-kegiatan of one OPD
 * (its entity) and, optionally, one of its indicators; the rows of one entity are merged.
 */
export type EntityLevel = 'program' | 'kegiatan' | 'subKegiatan';

export interface RowRecord {
  row: number;
  parsed: ParsedRow | null;
  level: NomenclatureLevel | null;
  code: string;
  title: string;
  opdId: string | null;
  entity: Entity | null;
  status: RowStatus;
  errors: RowIssue[];
  warnings: RowIssue[];
  changes: ImportFieldChange[];
}

export interface Sourced<T> {
  value: T;
  row: number;
}

export interface WantedIndicator {
  key: string;
  name: string;
  unit: string | null;
  kinerja: string | null;
  baseline: number | null;
  targets: Partial<Record<PlanYear, number>>;
  row: number;
}

export interface Entity {
  key: string;
  level: EntityLevel;
  code: string;
  opdId: string;
  programCode: string;
  /** The program entity's key (for kegiatan and sub-kegiatan: their program's). */
  programKey: string;
  rows: RowRecord[];
  name?: Sourced<string>;
  pagu: Partial<Record<PlanYear, Sourced<number>>>;
  lokasi?: Sourced<string[]>;
  sumberDana?: Sourced<string>;
  notes?: Sourced<string>;
  indicators: WantedIndicator[];
}

export interface EntityReading {
  records: RowRecord[];
  entities: Map<string, Entity>;
  /** Program keys whose rows all failed: their kegiatan say so instead of "missing program". */
  failedPrograms: Map<string, number>;
  ignored: number;
}

export const programKeyOf = (code: string, opdId: string) => `program|${code}|${opdId}`;
export const entityKeyOf = (level: EntityLevel, code: string, opdId: string) => `${level}|${code}|${opdId}`;

/** The program a code belongs to (itself for a program; its grandparent for a sub-kegiatan). */
export function programCodeOf(code: string, level: EntityLevel): string {
  if (level === 'program') return code;
  // `U.BB.PP` is everything before the third dot (called for every row: no split and join).
  return code.slice(0, code.indexOf('.', code.indexOf('.', code.indexOf('.') + 1) + 1));
}

/** The board's programs by code and OPD: the active one, else the last archived one. Built once per plan. */
export class ProgramIndex {
  private readonly byKey = new Map<string, Program>();
  private readonly holders = new Map<string, string[]>();

  constructor(board: BoardState) {
    for (const program of Object.values(board.programs)) {
      const key = programKeyOf(program.code, program.opdId);
      const had = this.byKey.get(key);
      if (!had || (had.archived && (!program.archived || program.updatedRevision > had.updatedRevision)))
        this.byKey.set(key, program);
      if (!program.archived) {
        const list = this.holders.get(program.code) ?? [];
        list.push(program.opdId);
        this.holders.set(program.code, list);
      }
    }
  }

  program(code: string, opdId: string): Program | undefined {
    return this.byKey.get(programKeyOf(code, opdId));
  }

  /** The OPD of the only active program with this code, if exactly one holds it. */
  onlyHolder(code: string): string | null {
    const list = this.holders.get(code);
    return list?.length === 1 ? list[0]! : null;
  }
}
