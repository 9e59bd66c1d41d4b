import { perFrame } from './hooks';

/** A store that notifies by hand. */
function store() {
  const listeners = new Set<() => void>();
  return {
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    notify: () => listeners.forEach((l) => l()),
  };
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

describe('perFrame', () => {
  it('passes a lone change on at once and a burst as one more call at the next frame', async () => {
    const { subscribe, notify } = store();
    const listener = jest.fn();
    const unsubscribe = perFrame(subscribe)(listener);
    notify();
    expect(listener).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) notify();
    expect(listener).toHaveBeenCalledTimes(1);
    await nextFrame();
    expect(listener).toHaveBeenCalledTimes(2);
    await nextFrame();
    notify(); // a quiet frame went by: at once again
    expect(listener).toHaveBeenCalledTimes(3);
    unsubscribe();
  });

  it('drops a pending call when unsubscribed', async () => {
    const { subscribe, notify } = store();
    const listener = jest.fn();
    const unsubscribe = perFrame(subscribe)(listener);
    notify();
    notify();
    unsubscribe();
    await nextFrame();
    notify();
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
