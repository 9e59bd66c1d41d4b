import { type RefObject, useLayoutEffect, useRef } from 'react';

const MOVE_MS = 700;

function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * FLIP for the cards under `root` (elements with `data-flip-id`): after every render, each card that is
 * somewhere else than where it was painted last glides from there to its new place (also across
 * columns: positions are kept per program, not per component). Only cards painted in both renders move;
 * one that appears (another page, a new program) does not fly in from nowhere. Skipped when the person
 * asked for reduced motion.
 */
export function useFlip(root: RefObject<HTMLElement | null>): void {
  const last = useRef(new Map<string, { left: number; top: number }>());
  const running = useRef(new WeakMap<Element, Animation>());

  useLayoutEffect(() => {
    const container = root.current;
    if (!container) return;
    const elements = container.querySelectorAll<HTMLElement>('[data-flip-id]');
    // A card still gliding starts its next glide where it is painted now, not where it was headed.
    const painted = new Map<string, { left: number; top: number }>();
    for (const el of elements) {
      const glide = running.current.get(el);
      if (!glide || glide.playState !== 'running') continue;
      const rect = el.getBoundingClientRect();
      painted.set(el.dataset.flipId!, { left: rect.left, top: rect.top });
      glide.cancel();
    }
    const animate = !reducedMotion();
    const next = new Map<string, { left: number; top: number }>();
    for (const el of elements) {
      const rect = el.getBoundingClientRect();
      const id = el.dataset.flipId!;
      const before = painted.get(id) ?? last.current.get(id);
      next.set(id, { left: rect.left, top: rect.top });
      if (!before || !animate || typeof el.animate !== 'function') continue;
      const dx = before.left - rect.left;
      const dy = before.top - rect.top;
      if (Math.abs(dx) < 1 && Math.abs(dy) < 1) continue;
      running.current.set(
        el,
        el.animate([{ transform: `translate(${dx}px, ${dy}px)` }, { transform: 'translate(0, 0)' }], {
          duration: MOVE_MS,
          easing: 'cubic-bezier(0.2, 0.7, 0.2, 1)',
        }),
      );
    }
    last.current = next;
  });
}
