import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessRow } from '../../../src/shared/sampling';
import {
  mountHistoryCell,
  paintHistoryCells,
} from '../../../src/renderer/src/features/processes/history-cells';
import { processHistory } from '../../../src/renderer/src/features/processes/process-history';

/** A cell's text node, as the painter sees it. */
class FakeText {
  readonly nodeType = 3;
  readonly nextSibling = null;
  constructor(public nodeValue: string | null) {}
}

/**
 * Just what a history cell writes: its text, its label attribute and its title. Like the DOM,
 * assigning textContent replaces the cell's text node with a new one.
 */
class FakeCell {
  firstChild: FakeText | null = null;
  get textContent(): string | null {
    return this.firstChild?.nodeValue ?? '';
  }
  set textContent(text: string | null) {
    this.firstChild = text === null || text === '' ? null : new FakeText(text);
  }
  title = '';
  private readonly attributes = new Map<string, string>();
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
}

function row(pid: number, cpuPercent: number | null): ProcessRow {
  return {
    key: `${pid}:1`,
    pid,
    ppid: 1,
    name: `p${pid}`,
    command: '',
    user: 'root',
    state: 'S',
    cpuPercent,
    rssBytes: 1024,
    threads: 1,
    voluntarySwitchesPerSec: null,
    involuntarySwitchesPerSec: null,
    startTime: null,
    kernelThread: false,
    trackedBy: null,
    watched: false,
  };
}

const unmounts: (() => void)[] = [];
afterEach(() => {
  unmounts.splice(0).forEach((unmount) => unmount());
  processHistory.clear();
});

describe('history cells', () => {
  it('words a label only when its figures change, yet keeps every label right', () => {
    const worded: string[] = [];
    const cells = [1, 2].map((pid) => {
      const element = new FakeCell();
      unmounts.push(
        mountHistoryCell(element, {
          key: `${pid}:1`,
          describe: (figures) => {
            const label = figures === null ? 'none' : `now ${figures.now} max ${figures.max}`;
            worded.push(`${pid}: ${label}`);
            return label;
          },
        }),
      );
      return element;
    });
    expect(worded).toEqual(['1: none', '2: none']);
    // Process 1 idles at 0 % tick after tick; process 2 gets busy on the third tick.
    const ticks = [
      [0, 0],
      [0, 0],
      [0, 50],
      [0, 50],
    ];
    worded.length = 0;
    ticks.forEach(([one, two], tick) => {
      processHistory.record(tick * 1000, [row(1, one ?? 0), row(2, two ?? 0)]);
      paintHistoryCells();
    });
    // Each cell is worded when its figures first exist, then only when they change.
    expect(worded).toEqual(['1: now 0 max 0', '2: now 0 max 0', '2: now 50 max 50']);
    expect(cells[0]?.getAttribute('aria-label')).toBe('now 0 max 0');
    expect(cells[1]?.getAttribute('aria-label')).toBe('now 50 max 50');
    expect(cells[1]?.title).toBe('now 50 max 50');
    // The sparkline itself still moves along on every tick.
    expect(cells[1]?.textContent?.trim().length).toBe(4);
  });

  it('moves a sparkline along in the text node it has, never a new one', () => {
    const element = new FakeCell();
    unmounts.push(mountHistoryCell(element, { key: '3:1', describe: () => 'label' }));
    processHistory.record(0, [row(3, 0)]);
    paintHistoryCells();
    const node = element.firstChild;
    expect(node).not.toBeNull();
    const texts: (string | null)[] = [];
    [50, 100, 0].forEach((cpu, tick) => {
      processHistory.record((tick + 1) * 1000, [row(3, cpu)]);
      paintHistoryCells();
      texts.push(element.textContent);
      expect(element.firstChild).toBe(node);
    });
    // Each tick wrote new text into that same node.
    expect(new Set(texts).size).toBe(3);
    expect(node?.nodeValue).toBe(texts.at(-1));
  });
});
