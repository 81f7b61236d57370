import { useTranslation } from 'react-i18next';
import type { CpuMode, ProcessesSample } from '../../../../shared/sampling';
import { ColumnChooser } from './ColumnChooser';
import { CpuModeToggle } from './CpuModeToggle';
import type { TableView } from './table-model';

/** Filter, tree, kernel-thread and column choices, the CPU % mode and the table's own figures. */
export function TableToolbar(props: {
  view: TableView;
  onView: (view: TableView) => void;
  mode: CpuMode;
  onMode: (mode: CpuMode) => void;
  cores: number;
  shown: number;
  totals: ProcessesSample['totals'] | null;
  costMs: number | null;
  /** More controls, shown before the figures. */
  children?: React.ReactNode;
}): React.JSX.Element {
  const { t } = useTranslation();
  const { view, onView, mode, onMode, cores, shown, totals, costMs, children } = props;
  return (
    <div className="table-toolbar">
      <label>
        {t('processes.toolbar.filter')}
        <input
          type="search"
          placeholder={t('processes.toolbar.filterPlaceholder')}
          value={view.filter}
          onChange={(event) => onView({ ...view, filter: event.target.value })}
        />
      </label>
      <label>
        <input
          type="checkbox"
          checked={view.tree}
          onChange={(event) => onView({ ...view, tree: event.target.checked })}
        />
        {t('processes.toolbar.tree')}
      </label>
      <label>
        <input
          type="checkbox"
          checked={view.showKernelThreads}
          onChange={(event) => onView({ ...view, showKernelThreads: event.target.checked })}
        />
        {t('processes.toolbar.kernelThreads')}
      </label>
      <ColumnChooser />
      <CpuModeToggle mode={mode} cores={cores} onChange={onMode} />
      {children}
      {totals === null ? (
        // Before the first sample "0 shown of 0" would read as an empty machine.
        <span className="hint" role="status" data-testid="table-status">
          {t('processes.toolbar.loading')}
        </span>
      ) : (
        <span className="hint" data-testid="table-status">
          {t('processes.toolbar.status', {
            shown,
            processes: totals.processes,
            threads: totals.threads ?? t('processes.toolbar.unknown'),
          })}
          {costMs !== null && t('processes.toolbar.cost', { ms: costMs.toFixed(1) })}
        </span>
      )}
    </div>
  );
}
