import type { PendingCommand } from './board-sync';
import { loadPending, savePending } from './pending-storage';

const command = (commandId: string): PendingCommand => ({
  commandId,
  type: 'MoveProgram',
  data: { programId: 'p', toColumnId: 'ditunda' },
  baseRevision: 3,
  createdAt: '2025-02-14T03:00:00.000Z',
  status: 'queued',
});

beforeEach(() => localStorage.clear());

describe('pending storage', () => {
  it('two tabs of one person offline: neither overwrites the other', () => {
    savePending('b', 'u', [command('tab1-a')]);
    savePending('b', 'u', [command('tab2-a')]);
    expect(loadPending('b', 'u').map((p) => p.commandId)).toEqual(['tab1-a', 'tab2-a']);
  });

  it('a command this tab saw finish leaves storage; one it holds is updated in place', () => {
    savePending('b', 'u', [command('x'), command('y')]);
    savePending('b', 'u', [{ ...command('y'), status: 'sending' }], new Set(['x']));
    expect(loadPending('b', 'u')).toEqual([{ ...command('y'), status: 'sending' }]);
    savePending('b', 'u', [], new Set(['y']));
    expect(localStorage.getItem('selaras:pending:b:u')).toBeNull();
  });

  it('keeps boards and people apart, and survives garbage in storage', () => {
    savePending('b', 'u', [command('x')]);
    expect(loadPending('b', 'other')).toEqual([]);
    expect(loadPending('c', 'u')).toEqual([]);
    localStorage.setItem('selaras:pending:b:u', '{not json');
    expect(loadPending('b', 'u')).toEqual([]);
  });
});
