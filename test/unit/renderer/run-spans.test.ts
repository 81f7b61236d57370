import { describe, expect, it } from 'vitest';
import { fitSpanLabel, runSpanLabel, runSpans } from '../../../src/renderer/src/lib/run-spans';

/** 6 px per character, like 11 px text. */
const measure = (text: string): number => text.length * 6;

describe('run spans', () => {
  it('pairs each run start with its stop into one span, oldest first', () => {
    const spans = runSpans([
      { time: 1000, kind: 'start', runId: 'run-1' },
      { time: 2000, kind: 'stop', runId: 'run-1', status: 'ok' },
      { time: 2100, kind: 'start', runId: 'run-2' },
      { time: 3000, kind: 'stop', runId: 'run-2', status: 'failed' },
      { time: 3100, kind: 'start', runId: 'run-13' },
    ]);
    expect(spans).toEqual([
      { runId: 'run-1', start: 1000, stop: 2000, label: 'run-1', short: '1' },
      { runId: 'run-2', start: 2100, stop: 3000, label: 'run-2 (failed)', short: '2' },
      // Still running: no stop yet.
      { runId: 'run-13', start: 3100, stop: null, label: 'run-13', short: '13' },
    ]);
  });

  it('keeps a run whose start is no longer kept, open to the left', () => {
    expect(runSpans([{ time: 5, kind: 'stop', runId: 'run-4', status: 'ok' }])).toEqual([
      { runId: 'run-4', start: null, stop: 5, label: 'run-4', short: '4' },
    ]);
  });

  it('shortens the label, then hides it, as the span narrows', () => {
    const span = { label: 'run-12 (failed)', short: '12' };
    expect(fitSpanLabel(span, 200, measure)).toBe('run-12 (failed)');
    expect(fitSpanLabel(span, 40, measure)).toBe('12');
    expect(fitSpanLabel(span, 8, measure)).toBe('');
  });

  it('gives the results table the same label as the chart', () => {
    expect(runSpanLabel('run-3', 'ok')).toBe('run-3');
    expect(runSpanLabel('run-3', 'timeout')).toBe('run-3 (timeout)');
  });
});
