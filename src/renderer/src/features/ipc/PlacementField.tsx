import { IPC_PLACEMENT_LABELS, IPC_PLACEMENTS, type IpcPlacement } from '../../../../shared/ipc';

const WHY =
  'Where the two ends run. Waking a thread that sleeps on another core is far slower than ' +
  'switching on one core (on a VM it goes through the hypervisor), so round trips with the ' +
  'scheduler choosing can flip between the two from run to run. Pinning needs Linux and taskset.';

/** Picks where a run's ends execute: scheduler's choice, one core, or two. */
export function PlacementField(props: {
  name: string;
  value: IpcPlacement;
  onChange: (value: IpcPlacement) => void;
}): React.JSX.Element {
  return (
    <label className="field" title={WHY}>
      Cores
      <select
        name={props.name}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value as IpcPlacement)}
      >
        {IPC_PLACEMENTS.map((placement) => (
          <option key={placement} value={placement}>
            {IPC_PLACEMENT_LABELS[placement]}
          </option>
        ))}
      </select>
    </label>
  );
}
