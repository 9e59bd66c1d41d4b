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
  // First guess without a layout: the window's height (a column scrolls within it). The measure after
  // the first render then usually keeps it, so the board is not rendered and laid out twice.
  const [range, setRange] = useState<Range>(() => ({
    start: 0,
    end: Math.min(count, Math.ceil(initialHeight() / rowHeight) + overscan),
  }));
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
    // A few rows more than needed below are kept (the first guess may be one or two over): no re-render.
    setRange((prev) =>
      prev.start === start && prev.end >= end && prev.end <= Math.min(n, end + overscan)
        ? prev
        : { start, end: Math.max(start, end) },
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

function initialHeight(): number {
  return typeof window === 'undefined' || !window.innerHeight ? 800 : window.innerHeight;
}
