/** @jest-environment node */
import { DisplayFeed, HIGHLIGHT_MS, MAX_HIGHLIGHTS_PER_BATCH } from './feed';
import { recordedEvent } from './display-fixture';
import { TICKER_SIZE } from './ticker';

const moved = (revision: number, programId = `p-${revision}`) =>
  recordedEvent(
    {
      type: 'ProgramMoved',
      data: { programId, fromColumnId: 'a', toColumnId: 'b', rank: 'm', fromRank: 'a' },
    },
    revision,
  );

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('DisplayFeed', () => {
  it('highlights a changed program for a few seconds, then lets go', () => {
    const feed = new DisplayFeed({ now: () => Date.now() });
    const changes = jest.fn();
    feed.subscribe(changes);
    feed.receive([moved(10, 'p-a')]);
    expect(feed.getSnapshot().highlighted.has('p-a')).toBe(true);
    jest.advanceTimersByTime(HIGHLIGHT_MS - 100);
    expect(feed.getSnapshot().highlighted.has('p-a')).toBe(true);
    jest.advanceTimersByTime(200);
    expect(feed.getSnapshot().highlighted.size).toBe(0);
    expect(changes).toHaveBeenCalledTimes(2);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('restarts the highlight of a program that changes again, and marks the newest', () => {
    const feed = new DisplayFeed({ now: () => Date.now() });
    feed.receive([moved(10, 'p-a'), moved(11, 'p-b')]);
    jest.advanceTimersByTime(3000);
    feed.receive([moved(12, 'p-a')]);
    const seq = feed.getSnapshot().highlighted;
    expect(seq.get('p-a')!).toBeGreaterThan(seq.get('p-b')!);
    jest.advanceTimersByTime(2100); // p-b's five seconds are over, p-a's second change is 2.1 s old
    expect([...feed.getSnapshot().highlighted.keys()]).toEqual(['p-a']);
    jest.advanceTimersByTime(3000);
    expect(feed.getSnapshot().highlighted.size).toBe(0);
  });

  it('stays bounded over 10,000 events: one timer, a short ticker, a highlight per program at most', () => {
    const feed = new DisplayFeed({ now: () => Date.now() });
    for (let revision = 0; revision < 10_000; revision++) {
      feed.receive([moved(revision, `p-${revision % 40}`)]);
      if (revision % 100 === 0) jest.advanceTimersByTime(50);
      expect(jest.getTimerCount()).toBeLessThanOrEqual(1);
    }
    const { recent, highlighted } = feed.getSnapshot();
    expect(recent).toHaveLength(TICKER_SIZE);
    expect(recent[0]!.revision).toBe(9999);
    expect(highlighted.size).toBeLessThanOrEqual(40);
    jest.advanceTimersByTime(HIGHLIGHT_MS);
    expect(feed.getSnapshot().highlighted.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('highlights only the last few programs of a large catch-up', () => {
    const feed = new DisplayFeed({ now: () => Date.now() });
    feed.receive(Array.from({ length: 500 }, (_, i) => moved(i)));
    const highlighted = feed.getSnapshot().highlighted;
    expect(highlighted.size).toBe(MAX_HIGHLIGHTS_PER_BATCH);
    expect(highlighted.has('p-499')).toBe(true);
    expect(highlighted.has('p-0')).toBe(false);
  });

  it('lists earlier changes from a seed without highlighting them; stop clears its timer', () => {
    const feed = new DisplayFeed({ now: () => Date.now() });
    feed.seed([moved(1), moved(2)]);
    expect(feed.getSnapshot().recent.map((e) => e.revision)).toEqual([2, 1]);
    expect(feed.getSnapshot().highlighted.size).toBe(0);
    feed.receive([moved(2), moved(3)]); // a live batch overlapping the seed
    expect(feed.getSnapshot().recent.map((e) => e.revision)).toEqual([3, 2, 1]);
    feed.stop();
    expect(jest.getTimerCount()).toBe(0);
  });
});
