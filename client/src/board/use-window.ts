import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

export interface Range {
  start: number;
  end: number;
}

/**
 * The rows of a fixed-height list that intersect its scroll container's viewport, plus an overscan.
 * State changes only when the range does, so scrolling re-renders a column a few times per card,
 * not per pixel. `offset` is where the list starts inside the scroller (for swimlanes).
 */
export function useWindow(
  scroller: RefObject<HTMLElement | null>,
  rowHeight: number,
  count: number,
  offset = 0,
  overscan = 4,
): Range {
  const [range, setRange] = useState<Range>({ start: 0, end: Math.min(count, 12) });
  const latest = useRef({ count, offset });
  latest.current = { count, offset };

  const measure = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const { count: n, offset: o } = latest.current;
    const top = el.scrollTop - o;
    const height = el.clientHeight || 800;
    const start = Math.max(0, Math.floor(top / rowHeight) - overscan);
    const end = Math.min(n, Math.max(0, Math.ceil((top + height) / rowHeight) + overscan));
    setRange((prev) =>
      prev.start === start && prev.end === end ? prev : { start, end: Math.max(start, end) },
    );
  }, [scroller, rowHeight, overscan]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    observer?.observe(el);
    return () => {
      el.removeEventListener('scroll', measure);
      observer?.disconnect();
    };
  }, [scroller, measure]);

  useEffect(measure, [count, offset, measure]);
  return range;
}
