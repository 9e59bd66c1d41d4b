/** Where a dragged card would land: a column (and in swimlanes, an OPD lane) and a position in it. */
export interface DropTarget {
  columnId: string;
  laneId: string | null;
  /** Position among the list's cards without the dragged one (0 = top). */
  index: number;
}

export interface DragState {
  programId: string;
  from: DropTarget;
  target: DropTarget;
  mode: 'pointer' | 'keyboard';
}

export interface MoveIntent {
  programId: string;
  toColumnId: string;
  afterId?: string;
  beforeId?: string;
}

/** The visible lists the board shows, asked at the moment of a move (never a stale copy). */
export interface DndLayout {
  columnIds: () => readonly string[];
  listFor: (columnId: string, laneId: string | null) => readonly string[];
}

/**
 * Drag and drop for pointer and keyboard through one state machine: pick up, move the target, drop or
 * cancel. Outside React so a pointer move does not re-render the board; columns subscribe to it.
 */
export class DndController {
  private state: DragState | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly layout: DndLayout) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getSnapshot = () => this.state;

  pickUp(
    programId: string,
    columnId: string,
    laneId: string | null,
    mode: DragState['mode'],
  ): DragState | null {
    const list = this.layout.listFor(columnId, laneId);
    const index = list.indexOf(programId);
    if (index < 0) return null;
    const from = { columnId, laneId, index };
    this.set({ programId, from, target: from, mode });
    return this.state;
  }

  moveTo(target: DropTarget): void {
    if (!this.state) return;
    const max = this.listWithout(target.columnId, target.laneId).length;
    const index = Math.max(0, Math.min(max, target.index));
    const current = this.state.target;
    if (current.columnId === target.columnId && current.laneId === target.laneId && current.index === index)
      return;
    this.set({ ...this.state, target: { ...target, index } });
  }

  /** Pointer: a slot on screen, where the dragged card still takes its own row until the drop. */
  moveToScreenSlot(target: DropTarget): void {
    const state = this.state;
    if (!state) return;
    const at = this.layout.listFor(target.columnId, target.laneId).indexOf(state.programId);
    this.moveTo(at >= 0 && target.index > at ? { ...target, index: target.index - 1 } : target);
  }

  /** Keyboard: up/down within the list, left/right to the neighbouring column at the same height. */
  moveBy(columns: number, rows: number): void {
    if (!this.state) return;
    const { target } = this.state;
    const order = this.layout.columnIds();
    const at = order.indexOf(target.columnId);
    const columnId = order[Math.max(0, Math.min(order.length - 1, at + columns))] ?? target.columnId;
    this.moveTo({ columnId, laneId: target.laneId, index: target.index + rows });
  }

  /** Ends the drag; returns the move to make, or null when the card would stay where it was. */
  drop(): MoveIntent | null {
    const state = this.state;
    if (!state) return null;
    const { target, from, programId } = state;
    const list = this.listWithout(target.columnId, target.laneId);
    this.set(null);
    if (target.columnId === from.columnId && target.laneId === from.laneId && target.index === from.index)
      return null;
    const above = list[target.index - 1];
    const below = list[target.index];
    if (above) return { programId, toColumnId: target.columnId, afterId: above };
    if (below) return { programId, toColumnId: target.columnId, beforeId: below };
    return { programId, toColumnId: target.columnId };
  }

  cancel(): DragState | null {
    const state = this.state;
    this.set(null);
    return state;
  }

  /** The target list as the dragged card sees it: without itself. */
  listWithout(columnId: string, laneId: string | null): readonly string[] {
    const list = this.layout.listFor(columnId, laneId);
    return this.state ? list.filter((id) => id !== this.state!.programId) : list;
  }

  private set(state: DragState | null): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
