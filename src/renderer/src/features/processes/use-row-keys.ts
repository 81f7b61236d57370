import { useEffect, useRef, useState } from 'react';

/** Rows one Page Up / Page Down moves. */
const PAGE_ROWS = 10;

/** What the table does with a row the keyboard is on. */
export interface RowKeyActions {
  /** Enter: what a click does (watch it). */
  onEnter: (index: number) => void;
  /** F9 or k: the signal menu for it. */
  onSignal: (index: number) => void;
  /** ← / →: collapse or expand the row's subtree (tree view; false when there is none to change). */
  onCollapse?: (index: number, collapse: boolean) => boolean;
}

/**
 * A roving tabindex over virtual rows: one row is in the tab order, arrows move the focus. A row
 * moved to may not be in the page yet, so the table scrolls to it and the focus follows once the
 * virtualizer has rendered it. The focus stays on a place, not a process (as htop's cursor does).
 */
export function useRowKeys(
  count: number,
  box: React.RefObject<HTMLElement | null>,
  scrollToIndex: (index: number) => void,
  actions: RowKeyActions,
): {
  focusIndex: number;
  onKeyDown: (event: React.KeyboardEvent) => void;
  onFocus: (event: React.FocusEvent) => void;
} {
  const [focusIndex, setFocusIndex] = useState(0);
  const pending = useRef<number | null>(null);

  // After every render: focus the row moved to, once it is in the page.
  useEffect(() => {
    if (pending.current === null) return;
    const row = box.current?.querySelector<HTMLElement>(
      `tbody tr[data-index="${pending.current}"]`,
    );
    if (row === null || row === undefined) return;
    pending.current = null;
    row.focus({ preventScroll: true });
  });

  const rowIndex = (target: EventTarget): number | null => {
    if (!(target instanceof HTMLElement) || !target.matches('tbody tr[data-index]')) return null;
    const index = Number(target.dataset['index']);
    return Number.isInteger(index) ? index : null;
  };

  const onKeyDown = (event: React.KeyboardEvent): void => {
    const index = rowIndex(event.target);
    if (index === null || event.altKey || event.ctrlKey || event.metaKey) return;
    const moveTo = (to: number): void => {
      const next = Math.max(0, Math.min(count - 1, to));
      pending.current = next;
      setFocusIndex(next);
      scrollToIndex(next);
    };
    switch (event.key) {
      case 'ArrowDown':
        moveTo(index + 1);
        break;
      case 'ArrowUp':
        moveTo(index - 1);
        break;
      case 'PageDown':
        moveTo(index + PAGE_ROWS);
        break;
      case 'PageUp':
        moveTo(index - PAGE_ROWS);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(count - 1);
        break;
      case 'Enter':
        actions.onEnter(index);
        break;
      case 'ArrowLeft':
      case 'ArrowRight':
        // Only a row with a subtree takes the arrow; otherwise leave it (e.g. to scroll).
        if (actions.onCollapse?.(index, event.key === 'ArrowLeft') !== true) return;
        break;
      case 'F9':
      case 'k':
        actions.onSignal(index);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const onFocus = (event: React.FocusEvent): void => {
    const index = rowIndex(event.target);
    if (index !== null) setFocusIndex(index);
  };

  return { focusIndex: Math.max(0, Math.min(focusIndex, count - 1)), onKeyDown, onFocus };
}
