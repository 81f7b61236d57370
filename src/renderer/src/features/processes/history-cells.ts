import { cpuSparkline, processHistory, seriesFigures } from './process-history';

/** Samples a table cell shows: the last 20, so the column stays narrow. */
export const CELL_SAMPLES = 20;

/** A mounted history cell: the process it shows and how to word its accessible name. */
interface MountedCell {
  key: string;
  describe: (figures: { now: number; max: number } | null) => string;
}

// The cells in the page. They are painted by writing their text directly, once per table tick
// for all of them, so a tick re-renders no row in React just to move its sparkline along.
const cells = new Map<HTMLElement, MountedCell>();

/** Registers a cell, paints it now, and returns the function that unregisters it. */
export function mountHistoryCell(element: HTMLElement, cell: MountedCell): () => void {
  cells.set(element, cell);
  paintCell(element, cell);
  return () => cells.delete(element);
}

/** Repaints every mounted history cell from the store (text and label only where changed). */
export function paintHistoryCells(): void {
  for (const [element, cell] of cells) paintCell(element, cell);
}

function paintCell(element: HTMLElement, cell: MountedCell): void {
  const values = processHistory.cpu(cell.key).slice(-CELL_SAMPLES);
  const text = cpuSparkline(values, CELL_SAMPLES);
  if (element.textContent !== text) element.textContent = text;
  const label = cell.describe(seriesFigures(values));
  if (element.getAttribute('aria-label') !== label) {
    element.setAttribute('aria-label', label);
    element.title = label;
  }
}
