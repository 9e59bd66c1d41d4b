/** @jest-environment node */
import { testActors, type RecordedEvent } from '@selaras/shared';
import { translate } from '../i18n/i18n';
import { DomainServer } from '../sync/testing/domain-server';
import { withAt } from './PastBoard';
import { actorLabel, describeEvent, formatWib } from './describe-event';

function scenario() {
  const server = new DomainServer();
  server.execute(testActors.dinkes, 'ProposeProgram', {
    programId: 'kes',
    code: '1.02.02',
    title: 'Program Upaya Kesehatan',
    opdId: 'dinkes',
  });
  server.execute(testActors.sekretariat, 'MoveProgram', { programId: 'kes', toColumnId: 'telaah-bappeda' });
  server.execute(testActors.sekretariat, 'TagProgram', {
    programId: 'kes',
    listId: 'asta-cita',
    itemId: 'ac-4',
  });
  return server;
}

const last = (server: DomainServer, type: string) =>
  server.events.filter((e) => e.type === type).at(-1) as RecordedEvent;

describe('describeEvent', () => {
  it.each([
    ['id', 'ProgramMoved', 'memindahkan 1.02.02 Program Upaya Kesehatan dari Usulan OPD ke Telaah Bappeda'],
    ['en', 'ProgramMoved', 'moved 1.02.02 Program Upaya Kesehatan from Usulan OPD to Telaah Bappeda'],
    ['id', 'ProgramProposed', 'mengusulkan 1.02.02 Program Upaya Kesehatan'],
    [
      'id',
      'ProgramTagged',
      'menandai 1.02.02 Program Upaya Kesehatan dengan AC 4 SDM, pendidikan, kesehatan',
    ],
    ['id', 'BoardCreated', 'membuat papan'],
  ] as const)('%s: %s', (language, type, expected) => {
    const server = scenario();
    const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
      translate(language, key, params);
    expect(describeEvent(last(server, type), server.state, t)).toBe(expected);
  });

  it('names the actor with their OPD', () => {
    const server = scenario();
    expect(actorLabel(last(server, 'ProgramProposed'), server.state)).toBe(
      'Operator Dinas Kesehatan (Dinkes)',
    );
    expect(actorLabel(last(server, 'ProgramProposed'), null)).toBe('Operator Dinas Kesehatan');
  });

  it('formats times in WIB', () => {
    expect(formatWib('2025-02-14T03:32:00.000Z', 'id')).toBe('14 Feb 2025, 10.32');
    expect(formatWib('2025-02-14T03:32:00.000Z', 'en', false)).toBe('10:32');
  });
});

describe('withAt', () => {
  it('sets or removes the revision and keeps the filter', () => {
    expect(withAt('?opd=dinkes,disdik', 12)).toBe('?opd=dinkes,disdik&at=12');
    expect(withAt('?opd=dinkes&at=12', null)).toBe('?opd=dinkes');
    expect(withAt('?at=3', null)).toBe('');
  });
});
