import { useEffect, useRef } from 'react';

/** What the Processes tab's own shortcuts do. */
export interface ProcessShortcutActions {
  /** t: tree view on or off. */
  toggleTree: () => void;
  /** F9 or k outside the table: the signal menu of the selected process. */
  signal: () => void;
}

/**
 * The Processes tab's htop-like keys while it is shown: `/` jumps to the filter (and ↓ from there
 * to the rows), `t` toggles the tree, F9 or `k` opens the signal menu. Keys typed into a field,
 * or already handled (the table's own row keys), are left alone.
 */
export function useProcessShortcuts(
  active: boolean,
  root: React.RefObject<HTMLElement | null>,
  actions: ProcessShortcutActions,
): void {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent): void => {
      const tab = root.current;
      if (tab === null || event.defaultPrevented) return;
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target;
      const filter = tab.querySelector<HTMLInputElement>('.table-toolbar input[type="search"]');
      if (target === filter && event.key === 'ArrowDown') {
        const row =
          tab.querySelector<HTMLElement>('.process-table tbody tr[tabindex="0"]') ??
          tab.querySelector<HTMLElement>('.process-table tbody tr[data-index]');
        row?.focus();
        event.preventDefault();
        return;
      }
      if (takesText(target)) return;
      if (target instanceof Element && target.closest('dialog, [role="menu"]') !== null) return;
      if (event.key === '/') filter?.focus();
      else if (event.key === 't') latest.current.toggleTree();
      else if (event.key === 'F9' || event.key === 'k') latest.current.signal();
      else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [active, root]);
}

/** True for a field that takes typed text: a single-key shortcut must not fire there. */
function takesText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('textarea, select') !== null) return true;
  const input = target.closest('input');
  return input !== null && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(input.type);
}
