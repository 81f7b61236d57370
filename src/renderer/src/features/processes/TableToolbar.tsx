import type { CpuMode, ProcessesSample } from '../../../../shared/sampling';
import { CpuModeToggle } from './CpuModeToggle';
import type { TableView } from './table-model';

/** Filter, tree and kernel-thread toggles, the CPU % mode and the table's own figures. */
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
  const { view, onView, mode, onMode, cores, shown, totals, costMs, children } = props;
  return (
    <div className="table-toolbar">
      <label>
        Filter
        <input
          type="search"
          placeholder="name, pid or user"
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
        Tree view
      </label>
      <label>
        <input
          type="checkbox"
          checked={view.showKernelThreads}
          onChange={(event) => onView({ ...view, showKernelThreads: event.target.checked })}
        />
        Kernel threads
      </label>
      <CpuModeToggle mode={mode} cores={cores} onChange={onMode} />
      {children}
      <span className="hint" data-testid="table-status">
        {shown} shown
        {totals !== null &&
          ` of ${totals.processes} processes · ${totals.threads ?? 'unknown'} threads`}
        {costMs !== null && ` · sampler ${costMs.toFixed(1)} ms per tick`}
      </span>
    </div>
  );
}
