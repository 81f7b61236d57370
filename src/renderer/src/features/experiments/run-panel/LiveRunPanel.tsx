import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Model } from '../../../../../shared/experiment-models';
import { RUN_LEGEND, useStoreState } from '../../../charts/use-frame-task';
import { useStream } from '../../../hooks/lab';
import { RunLanesStore, type LiveRunLanes } from '../../../stores/run-lanes-store';
import { LanesLegend, RunLanesPanel } from './RunLanesPanel';

/** The live lanes store, fed by 'experiment:lanes' for as long as the tab is mounted. */
export function useRunLanesStore(): RunLanesStore {
  const [store] = useState(() => new RunLanesStore());
  useStream('experiment:lanes', (update) => store.apply(update));
  return store;
}

/**
 * The running run's lanes, growing as updates arrive: the canvas redraws once per frame after
 * a change, the labels and figures a few times a second. Until the first update of this run,
 * it says it is waiting.
 */
export function LiveRunPanel(props: {
  store: RunLanesStore;
  runId: string;
  model: Model;
  cores: number;
  gilEnabled: boolean | null;
}): React.JSX.Element {
  const { store } = props;
  const { t } = useTranslation();
  const [view] = useStoreState<{ run: LiveRunLanes | null; version: number }>(
    store,
    () => ({ run: store.current(), version: store.version }),
    RUN_LEGEND,
  );
  const subscribe = useCallback((onChange: () => void) => store.subscribe(onChange), [store]);
  const run = view.run?.runId === props.runId ? view.run : null;
  return (
    <section
      className="live-run-panel"
      data-testid="live-run-panel"
      aria-label={t('experiments.lanes.runLanes')}
    >
      {run === null ? (
        <p className="hint" data-testid="lanes-waiting">
          {t('experiments.lanes.waiting')}
        </p>
      ) : (
        <>
          <RunLanesPanel
            lanes={run}
            model={props.model}
            cores={props.cores}
            coresBusyNow={run.coresBusyNow}
            gilEnabled={props.gilEnabled}
            subscribe={subscribe}
          />
          <LanesLegend cores={props.cores} />
        </>
      )}
    </section>
  );
}
