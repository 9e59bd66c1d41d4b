import { useEffect, useState } from 'react';

/** The current time, re-rendered every `intervalMs`. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** A counter that steps every `ms` while `active` (long columns' pages, the OPD chart's pages). */
export function useRotation(active: boolean, ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((n) => (n + 1) % 1_000_000), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return tick;
}

type Subscribe = (listener: () => void) => () => void;

/**
 * A store's subscribe that tells React at once, then at most once more per animation frame: a lone
 * change renders immediately, a burst of events (a busy minute, a catch-up after a wake-up) becomes one
 * render per frame instead of one per event, which is all a screen can show anyway.
 */
export function perFrame(subscribe: Subscribe): Subscribe {
  if (typeof requestAnimationFrame !== 'function') return subscribe;
  return (listener) => {
    let frame = 0;
    let pending = false;
    const unsubscribe = subscribe(() => {
      if (frame !== 0) {
        pending = true;
        return;
      }
      listener();
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (pending) {
          pending = false;
          listener();
        }
      });
    });
    return () => {
      if (frame !== 0) cancelAnimationFrame(frame);
      unsubscribe();
    };
  };
}
