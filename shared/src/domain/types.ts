import type { Opd, PlanYear } from '../reference/opds';
import type { ReferenceList } from '../reference/reference-lists';

export type Role = 'sekretariat' | 'opd' | 'auditor' | 'display';
export const ROLES: readonly Role[] = ['sekretariat', 'opd', 'auditor', 'display'];

/** Who did something; copied into every event's meta. */
export interface Actor {
  id: string;
  name: string;
  role: Role;
  opdId: string | null;
}

export interface Indicator {
  id: string;
  /** The performance statement it measures ("Tersusunnya Dokumen …"), as the nomenclature annex words it. */
  kinerja?: string;
  name: string;
  unit: string;
  baseline: number | null;
  /** Target per plan year; a missing year or `null` means not set yet. */
  targets: Partial<Record<PlanYear, number | null>>;
}

export interface Comment {
  id: string;
  text: string;
  actor: Actor;
  at: string;
  revision: number;
}

export interface AlignmentTag {
  listId: string;
  itemId: string;
}

/** The fields of a program card that ReviseProgram may change (DOMAIN.md "A program card"). */
export interface ProgramFields {
  code: string;
  title: string;
  opdId: string;
  indicators: Indicator[];
  /** Pagu indikatif in whole Rupiah per plan year; `null` means not set yet. */
  pagu: Partial<Record<PlanYear, number | null>>;
  lokasi: string[];
  sumberDana: string | null;
  notes: string;
}

/** The fields of a kegiatan that ReviseKegiatan may change; its pagu is the sum of its sub-kegiatan. */
export interface KegiatanFields {
  indicators: Indicator[];
  notes: string;
}

/** The fields of a sub-kegiatan that ReviseSubKegiatan may change. */
export interface SubKegiatanFields {
  indicators: Indicator[];
  /** Pagu indikatif in whole Rupiah per plan year; `null` or missing means not set yet. */
  pagu: Partial<Record<PlanYear, number | null>>;
  lokasi: string[];
  notes: string;
}

/** What kegiatan and sub-kegiatan share: identity by nomenclature code, archive state, last change. */
interface RincianBase {
  /** The nomenclature code: unique within its program, and its identity there. */
  code: string;
  /** The nomenclature's name for the code (copied when added, so history reads without the list). */
  title: string;
  archived: boolean;
  updatedAt: string;
  updatedRevision: number;
}

export interface SubKegiatan extends SubKegiatanFields, RincianBase {}

export interface Kegiatan extends KegiatanFields, RincianBase {
  /** Keyed by sub-kegiatan code; shown in code order. */
  subKegiatan: Record<string, SubKegiatan>;
}

export interface Program extends ProgramFields {
  id: string;
  columnId: string;
  rank: string;
  tags: AlignmentTag[];
  comments: Comment[];
  archived: boolean;
  proposedBy: Actor;
  proposedAt: string;
  updatedAt: string;
  /** The revision of the last event that changed this program. */
  updatedRevision: number;
  /**
   * The program's kegiatan (codes under the program's code), keyed by code, each with its sub-kegiatan.
   * Absent on boards folded from snapshots made before kegiatan existed: read it with `kegiatanOf`.
   */
  kegiatan?: Record<string, Kegiatan>;
}

/** A program's kegiatan, empty for a program from before kegiatan existed. */
export function kegiatanOf(program: Pick<Program, 'kegiatan'>): Record<string, Kegiatan> {
  return program.kegiatan ?? {};
}

export interface Column {
  id: string;
  title: string;
  rank: string;
  /** Active (not archived) programs in board order. */
  programIds: string[];
  /** Whether OPDs may move programs into it; unset = the default, only the first two stages. */
  opdMoves?: boolean;
}

export interface BoardState {
  id: string;
  /** -1 before the board exists; otherwise the revision of the last event folded in. */
  revision: number;
  title: string;
  /** Sample boards are marked "Data contoh" wherever they are shown. */
  sample: boolean;
  /** Synthetic (generated) boards for benchmarks and load tests. */
  synthetic: boolean;
  description: string;
  nomenclatureVersion: string;
  createdAt: string;
  columns: Column[];
  programs: Record<string, Program>;
  opds: Record<string, Opd>;
  referenceLists: Record<string, ReferenceList>;
  /**
   * Which bidang urusan (`1.02`, …) each OPD is mapped to; the secretariat edits it. A program proposed
   * outside its OPD's bidang gets a warning, not a refusal (some OPDs hold several urusan). Absent on
   * boards from before the mapping existed.
   */
  opdBidang?: Record<string, string[]>;
  /** The meeting running now (StartMeeting … EndMeeting), so the display can show it; null between. */
  activeMeeting: ActiveMeeting | null;
}

export interface ActiveMeeting {
  meetingId: string;
  title: string;
  startedAt: string;
  startRevision: number;
}

export function initialBoardState(id: string): BoardState {
  return {
    id,
    revision: -1,
    title: '',
    sample: false,
    synthetic: false,
    description: '',
    nomenclatureVersion: '',
    createdAt: '',
    columns: [],
    programs: {},
    opds: {},
    referenceLists: {},
    activeMeeting: null,
  };
}

export function boardExists(state: BoardState): boolean {
  return state.revision >= 0;
}

/**
 * A record lookup that only sees the record's own entries. Ids are user input: `programs["constructor"]`
 * must be "no such program", not Object's constructor.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
