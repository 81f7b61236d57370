import { useEffect, useState } from 'react';
import type { CoreSplit, SystemSample } from '../../../../shared/sampling';
import { LEGEND_INTERVAL_MS, useFrameState } from '../../charts/use-frame-task';
import { PALETTE } from '../../components/chart-theme';
import { useStream } from '../../hooks/lab';
import { SeriesStore } from '../../stores/series-store';
import { formatBytes, formatPercentOf100, formatRate } from '../../lib/format';
import { Maybe } from './Cells';

/** The kinds of CPU work, in stacking order, with their colours and meaning. */
const PARTS: { key: keyof Omit<CoreSplit, 'busy'>; label: string; color: string; title: string }[] =
  [
    { key: 'user', label: 'user', color: PALETTE.green, title: 'running programs (incl. nice)' },
    { key: 'system', label: 'system', color: PALETTE.blue, title: 'the kernel, for programs' },
    { key: 'irq', label: 'irq', color: PALETTE.violet, title: 'hardware and software interrupts' },
    { key: 'steal', label: 'steal', color: PALETTE.red, title: 'taken by the hypervisor' },
    {
      key: 'iowait',
      label: 'iowait',
      color: PALETTE.yellow,
      title: 'idle while waiting for a disk',
    },
  ];

/**
 * The machine at a glance, from `sample:system`: each core's time split into user / system /
 * irq / steal / iowait, memory, load average, runnable and blocked tasks, context switches.
 * Samples only land in a store; the figures re-render a few times a second at most, while shown.
 */
export function SystemSummary(): React.JSX.Element {
  const [store] = useState(() => new SeriesStore<SystemSample>(1));
  const [sample, invalidate] = useFrameState(() => store.last() ?? null, LEGEND_INTERVAL_MS);
  useEffect(() => store.subscribe(invalidate), [store, invalidate]);
  useStream('sample:system', (latest) => store.push(latest));
  if (sample === null) return <p className="hint">Waiting for the first system sample…</p>;
  const { memory } = sample;
  return (
    <div className="system-summary" data-testid="system-summary">
      <ul className="core-splits">
        {sample.cores.map((core, index) => (
          <li key={index}>
            <span className="core-name">cpu{index}</span>
            <SplitBar split={core} />
            <span className="num">{formatPercentOf100(core.busy)}</span>
          </li>
        ))}
      </ul>
      <ul className="state-legend">
        {PARTS.map((part) => (
          <li key={part.key} title={part.title}>
            <span className="swatch" style={{ background: part.color }} /> {part.label}
            {sample.total[part.key] === null && ' (unavailable)'}
          </li>
        ))}
      </ul>
      <dl className="system-figures">
        <dt>Memory available</dt>
        <dd>
          <Maybe value={memory.availableBytes} format={formatBytes} /> of{' '}
          {formatBytes(memory.totalBytes)}
        </dd>
        <dt>Load average</dt>
        <dd data-testid="load-average">
          <Maybe
            value={sample.loadAverage}
            format={(load) => load.map((v) => v.toFixed(2)).join(' ')}
          />
        </dd>
        <dt>Runnable / blocked tasks</dt>
        <dd>
          <Maybe value={sample.runnableTasks} format={String} /> /{' '}
          <Maybe value={sample.blockedTasks} format={String} />
        </dd>
        <dt>Context switches</dt>
        <dd>
          <Maybe value={sample.contextSwitchesPerSec} format={formatRate} />
        </dd>
      </dl>
    </div>
  );
}

/** One core's split as a stacked horizontal bar (100 % wide = the whole interval). */
function SplitBar(props: { split: CoreSplit }): React.JSX.Element {
  const widths = PARTS.map((part) => props.split[part.key] ?? 0);
  const starts = widths.map((_, index) => widths.slice(0, index).reduce((a, b) => a + b, 0));
  return (
    <svg className="split-bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="img">
      {PARTS.map((part, index) => (
        <rect
          key={part.key}
          x={starts[index]}
          y={0}
          width={widths[index]}
          height={8}
          fill={part.color}
        />
      ))}
    </svg>
  );
}
