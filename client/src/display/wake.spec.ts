import { WAKE_GAP_MS, WAKE_TICK_MS, WakeWatcher } from './wake';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** A page frozen for `ms`: no timer runs, the clock moves on (what a laptop's sleep looks like). */
function freeze(ms: number): void {
  jest.setSystemTime(Date.now() + ms);
}

describe('WakeWatcher', () => {
  it('does nothing while the page runs normally', () => {
    const onWake = jest.fn();
    const watcher = new WakeWatcher(onWake);
    watcher.start();
    jest.advanceTimersByTime(10 * 60_000);
    expect(onWake).not.toHaveBeenCalled();
    watcher.stop();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('notices a freeze from the late timer and says how long the page slept', () => {
    const onWake = jest.fn();
    const watcher = new WakeWatcher(onWake);
    watcher.start();
    jest.advanceTimersByTime(WAKE_TICK_MS * 3);
    freeze(90_000);
    jest.advanceTimersByTime(WAKE_TICK_MS);
    expect(onWake).toHaveBeenCalledTimes(1);
    expect(onWake.mock.calls[0]![0]).toBeGreaterThanOrEqual(90_000 - WAKE_TICK_MS);
    jest.advanceTimersByTime(WAKE_TICK_MS * 5);
    expect(onWake).toHaveBeenCalledTimes(1);
    watcher.stop();
  });

  it('checks when the page becomes visible again or the network returns', () => {
    const onWake = jest.fn();
    const watcher = new WakeWatcher(onWake);
    watcher.start();
    freeze(WAKE_GAP_MS + WAKE_TICK_MS + 1000);
    document.dispatchEvent(new Event('visibilitychange')); // jsdom's page is visible
    expect(onWake).toHaveBeenCalledTimes(1);
    freeze(WAKE_GAP_MS + WAKE_TICK_MS + 1000);
    window.dispatchEvent(new Event('online'));
    expect(onWake).toHaveBeenCalledTimes(2);
    window.dispatchEvent(new Event('focus')); // right after: no gap
    expect(onWake).toHaveBeenCalledTimes(2);
    watcher.stop();
    freeze(5 * 60_000);
    window.dispatchEvent(new Event('focus'));
    expect(onWake).toHaveBeenCalledTimes(2);
  });

  it('ignores a short pause (a long task, a busy projector laptop)', () => {
    const onWake = jest.fn();
    const watcher = new WakeWatcher(onWake);
    watcher.start();
    freeze(WAKE_GAP_MS / 2);
    jest.advanceTimersByTime(WAKE_TICK_MS);
    expect(onWake).not.toHaveBeenCalled();
    watcher.stop();
  });
});
