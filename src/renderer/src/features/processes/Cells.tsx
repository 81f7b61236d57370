import type { TFunction } from 'i18next';
import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { cpuInMode, type CpuMode } from '../../../../shared/sampling';
import { formatPercentOf100 } from '../../lib/format';
import { mountHistoryCell } from './history-cells';

/** A value the OS does not give: says so instead of showing 0. */
export function Unavailable(): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <span className="unavailable" title={t('processes.cells.unavailableTitle')}>
      {t('processes.cells.unavailable')}
    </span>
  );
}

// The two below are plain functions, not components: a table tick re-renders every row whose
// values changed, and a component per cell made each row several fibers more for React to walk.

/** A value or "unavailable"; `format` runs only on real values. */
export function maybe<T>(value: T | null, format: (value: T) => string): React.ReactNode {
  return value === null ? <Unavailable /> : format(value);
}

/** CPU % in the chosen mode; "…" before the second sample or where unavailable. */
export function cpuText(percent: number | null, mode: CpuMode, cores: number): React.ReactNode {
  if (percent === null) return <span className="muted">…</span>;
  return formatPercentOf100(cpuInMode(percent, mode, cores));
}

/**
 * The "CPU history" cell: a block-character sparkline of the process's last samples. Its text
 * is written by the history painter on each tick, not by React (see history-cells.ts).
 */
export function CpuHistoryCell(props: {
  processKey: string;
  mode: CpuMode;
  cores: number;
  /** The table's translation function (its rows do not each subscribe to i18n). */
  t: TFunction;
}): React.JSX.Element {
  const cell = useRef<HTMLTableCellElement>(null);
  const { processKey, mode, cores, t } = props;
  useLayoutEffect(() => {
    if (cell.current === null) return;
    const percent = (value: number): string => formatPercentOf100(cpuInMode(value, mode, cores));
    return mountHistoryCell(cell.current, {
      key: processKey,
      describe: (figures) =>
        figures === null
          ? t('processes.history.cellEmpty')
          : t('processes.history.cellLabel', {
              now: percent(figures.now),
              max: percent(figures.max),
            }),
    });
  }, [processKey, mode, cores, t]);
  return <td className="cpu-history" ref={cell} />;
}
