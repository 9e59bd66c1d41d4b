import type { PointerEvent as ReactPointerEvent } from 'react';
import { ROW, type BoardUi } from './board-context';
import type { DropTarget } from './dnd';

interface DraggedCard {
  programId: string;
  columnId: string;
  laneId: string | null;
  title: string;
}

const THRESHOLD = 6;
const EDGE = 48;

/**
 * Pointer (mouse, pen, touch) dragging: after a small movement the card is picked up, a ghost follows
 * the pointer and the drop target is found by hit-testing the lists under it. The same DndController
 * as the keyboard, so both end in one MoveProgram.
 */
export function startPointerDrag(
  event: ReactPointerEvent<HTMLElement>,
  card: DraggedCard,
  ui: BoardUi,
): void {
  const startX = event.clientX;
  const startY = event.clientY;
  let ghost: HTMLElement | null = null;
  let lastY = startY;
  let scrollTimer: ReturnType<typeof setInterval> | null = null;

  const onMove = (e: PointerEvent) => {
    if (!ghost) {
      if (Math.hypot(e.clientX - startX, e.clientY - startY) < THRESHOLD) return;
      if (!ui.dnd.pickUp(card.programId, card.columnId, card.laneId, 'pointer')) return end();
      ghost = document.createElement('div');
      ghost.className = 'drag-ghost';
      ghost.textContent = card.title;
      ghost.setAttribute('aria-hidden', 'true');
      document.body.append(ghost);
      document.body.classList.add('dragging');
      scrollTimer = setInterval(autoScroll, 30);
    }
    e.preventDefault();
    lastY = e.clientY;
    ghost.style.transform = `translate(${e.clientX + 8}px, ${e.clientY + 8}px)`;
    const target = hitTest(e.clientX, e.clientY);
    if (target) ui.dnd.moveToScreenSlot(target);
    lastPoint = { x: e.clientX, y: e.clientY };
  };
  let lastPoint = { x: startX, y: startY };

  const autoScroll = () => {
    const scroller = document
      .elementFromPoint(lastPoint.x, lastPoint.y)
      ?.closest<HTMLElement>('[data-scroller]');
    if (!scroller) return;
    const rect = scroller.getBoundingClientRect();
    const step = lastY < rect.top + EDGE ? -ROW / 3 : lastY > rect.bottom - EDGE ? ROW / 3 : 0;
    if (step === 0) return;
    scroller.scrollTop += step;
    const target = hitTest(lastPoint.x, lastPoint.y);
    if (target) ui.dnd.moveToScreenSlot(target);
  };

  const onUp = () => {
    const dragged = ghost !== null;
    end();
    if (dragged) {
      // The click that follows a drag is not an "open the card".
      window.addEventListener('click', swallow, { capture: true, once: true });
      setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0);
      ui.dropCard();
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && ghost) {
      end();
      ui.cancelDrag();
    }
  };
  const onCancel = () => {
    const dragged = ghost !== null;
    end();
    if (dragged) ui.cancelDrag();
  };

  function end() {
    window.removeEventListener('pointermove', onMove);
    window.removeEventListener('pointerup', onUp);
    window.removeEventListener('pointercancel', onCancel);
    window.removeEventListener('keydown', onKey);
    if (scrollTimer) clearInterval(scrollTimer);
    ghost?.remove();
    document.body.classList.remove('dragging');
  }

  window.addEventListener('pointermove', onMove);
  window.addEventListener('pointerup', onUp);
  window.addEventListener('pointercancel', onCancel);
  window.addEventListener('keydown', onKey);
}

function swallow(e: Event) {
  e.stopPropagation();
  e.preventDefault();
}

/** The list under the pointer and the slot the pointer is nearest to. */
export function hitTest(x: number, y: number): DropTarget | null {
  const hit = document.elementFromPoint(x, y);
  const zone = hit?.closest<HTMLElement>('[data-drop-zone]');
  if (!zone) return null;
  const list = zone.matches('[data-drop-list]') ? zone : zone.querySelector<HTMLElement>('[data-drop-list]');
  if (!list) return null;
  const rect = list.getBoundingClientRect();
  const index = Math.max(0, Math.floor((y - rect.top + ROW / 2) / ROW));
  return { columnId: list.dataset.columnId!, laneId: list.dataset.laneId || null, index };
}
