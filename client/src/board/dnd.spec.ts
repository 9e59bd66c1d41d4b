/** @jest-environment node */
import { DndController } from './dnd';

const lists: Record<string, string[]> = { a: ['p1', 'p2', 'p3'], b: ['q1'], c: [] };
const controller = () =>
  new DndController({ columnIds: () => ['a', 'b', 'c'], listFor: (columnId) => lists[columnId] ?? [] });

describe('DndController', () => {
  it('keyboard: down twice moves p1 below p3', () => {
    const dnd = controller();
    dnd.pickUp('p1', 'a', null, 'keyboard');
    dnd.moveBy(0, 1);
    dnd.moveBy(0, 1);
    dnd.moveBy(0, 1); // clamped at the end
    expect(dnd.getSnapshot()?.target).toEqual({ columnId: 'a', laneId: null, index: 2 });
    expect(dnd.drop()).toEqual({ programId: 'p1', toColumnId: 'a', afterId: 'p3' });
    expect(dnd.getSnapshot()).toBeNull();
  });

  it('keyboard: right moves to the next column at the same height, up to the top means before the first', () => {
    const dnd = controller();
    dnd.pickUp('p2', 'a', null, 'keyboard');
    dnd.moveBy(1, 0);
    expect(dnd.getSnapshot()?.target).toEqual({ columnId: 'b', laneId: null, index: 1 });
    dnd.moveBy(0, -1);
    expect(dnd.drop()).toEqual({ programId: 'p2', toColumnId: 'b', beforeId: 'q1' });
  });

  it('an empty column takes the card with no neighbours; the last column is the limit', () => {
    const dnd = controller();
    dnd.pickUp('q1', 'b', null, 'keyboard');
    dnd.moveBy(1, 0);
    dnd.moveBy(1, 0);
    expect(dnd.drop()).toEqual({ programId: 'q1', toColumnId: 'c' });
  });

  it('dropping where it was picked up, or cancelling, makes no move', () => {
    const dnd = controller();
    dnd.pickUp('p2', 'a', null, 'keyboard');
    dnd.moveBy(0, 1);
    dnd.moveBy(0, -1);
    expect(dnd.drop()).toBeNull();
    dnd.pickUp('p2', 'a', null, 'pointer');
    dnd.moveTo({ columnId: 'b', laneId: null, index: 0 });
    expect(dnd.cancel()?.programId).toBe('p2');
    expect(dnd.drop()).toBeNull();
  });

  it('pointer slots below the dragged card count without it', () => {
    const dnd = controller();
    dnd.pickUp('p1', 'a', null, 'pointer');
    dnd.moveToScreenSlot({ columnId: 'a', laneId: null, index: 2 }); // between p2 and p3 on screen
    expect(dnd.drop()).toEqual({ programId: 'p1', toColumnId: 'a', afterId: 'p2' });
  });
});
