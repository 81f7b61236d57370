import { IPC_PLACEMENT_LABELS, IPC_PLACEMENTS, type IpcPlacement } from '../../../../shared/ipc';
import { SelectField } from '../../components/SelectField';

const WHY =
  'Where the two ends run. Waking a thread that sleeps on another core is far slower than ' +
  'switching on one core (on a VM it goes through the hypervisor), so round trips with the ' +
  'scheduler choosing can flip between the two from run to run. Pinning needs Linux and taskset.';

const OPTIONS = IPC_PLACEMENTS.map((value) => ({ value, label: IPC_PLACEMENT_LABELS[value] }));

/** Picks where a run's ends execute: scheduler's choice, one core, or two. */
export function PlacementField(props: {
  name: string;
  value: IpcPlacement;
  onChange: (value: IpcPlacement) => void;
}): React.JSX.Element {
  return <SelectField label="Cores" title={WHY} options={OPTIONS} {...props} />;
}
