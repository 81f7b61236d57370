import { cpuSparkline, processHistory, seriesFigures } from './process-history';

/** Samples a table cell shows: the last 20, so the column stays narrow. */
export const CELL_SAMPLES = 20;

/** The text a painted cell holds (a DOM Text node). */
interface CellText {
  readonly nodeType: number;
  nodeValue: string | null;
  readonly nextSibling: unknown;
}

/** What the painter writes on a cell (an HTMLElement; tests pass a plain object). */
export interface HistoryCellElement {
  textContent: string | null;
  readonly firstChild: CellText | null;
  title: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
}

/** A mounted history cell: the process it shows and how to word its accessible name. */
interface MountedCell {
  key: string;
  describe: (figures: { now: number; max: number } | null) => string;
}

/** A mounted cell and the figures its label was last worded from. */
interface PaintedCell extends MountedCell {
  figures: string | null;
}

// The cells in the page. They are painted by writing their text directly, once per table tick
// for all of them, so a tick re-renders no row in React just to move its sparkline along.
const cells = new Map<HistoryCellElement, PaintedCell>();

/** Registers a cell, paints it now, and returns the function that unregisters it. */
export function mountHistoryCell(element: HistoryCellElement, cell: MountedCell): () => void {
  const painted = { ...cell, figures: null };
  cells.set(element, painted);
  paintCell(element, painted);
  return () => cells.delete(element);
}

/** Repaints every mounted history cell from the store (text and label only where changed). */
export function paintHistoryCells(): void {
  for (const [element, cell] of cells) paintCell(element, cell);
}

/** Node.TEXT_NODE (Node itself is not defined where the unit tests run). */
const TEXT_NODE = 3;

/**
 * Sets a cell's text. A cell already holding one text node gets that node's value changed:
 * assigning textContent would swap in a new node, which the page must style and lay out
 * afresh (traced: ~27 node swaps a second on the Processes tab, one per changed sparkline).
 */
function writeText(element: HistoryCellElement, text: string): void {
  const node = element.firstChild;
  if (node !== null && node.nodeType === TEXT_NODE && node.nextSibling === null) {
    if (node.nodeValue !== text) node.nodeValue = text;
  } else if (element.textContent !== text) element.textContent = text;
}

function paintCell(element: HistoryCellElement, cell: PaintedCell): void {
  const values = processHistory.cpu(cell.key).slice(-CELL_SAMPLES);
  writeText(element, cpuSparkline(values, CELL_SAMPLES));
  // The label is worded (two translations) only when its figures change: most processes idle at
  // the same figures tick after tick, and wording every cell every tick was a large part of it.
  const figures = seriesFigures(values);
  const key = figures === null ? 'none' : `${figures.now}|${figures.max}`;
  if (key === cell.figures) return;
  cell.figures = key;
  const label = cell.describe(figures);
  if (element.getAttribute('aria-label') !== label) {
    element.setAttribute('aria-label', label);
    element.title = label;
  }
}
