import { useState } from 'react';
import {
  IPC_LIMITS,
  IPC_MECHANISM_LABELS,
  IPC_MECHANISMS,
  type IpcMechanism,
  type IpcMechanismInfo,
  type IpcMode,
  type IpcPlacement,
  type IpcRunRequest,
} from '../../../../shared/ipc';
import { NumberField } from '../../components/NumberField';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { formatBytes } from '../../lib/format';
import { PlacementField } from './PlacementField';

const SIZE_PRESETS = [64, 1024, 64 * 1024, 1024 * 1024, 4 * 1024 * 1024];

const MODES: SelectOption<IpcMode>[] = [
  { value: 'throughput', label: 'Throughput' },
  { value: 'round-trip', label: 'Round trip (latency)' },
];

const LIMITS: SelectOption<'count' | 'duration'>[] = [
  { value: 'duration', label: 'a duration (ms)' },
  { value: 'count', label: 'a message count' },
];

/** Mechanism and parameters of one run, with Start and Stop. */
export function RunForm(props: {
  mechanisms: IpcMechanismInfo[];
  running: boolean;
  busy: boolean;
  onStart: (request: IpcRunRequest) => void;
  onStop: () => void;
}): React.JSX.Element {
  const [mechanism, setMechanism] = useState<IpcMechanism>('pipe');
  const [mode, setMode] = useState<IpcMode>('throughput');
  const [size, setSize] = useState(String(IPC_LIMITS.sizeBytes.default));
  const [limit, setLimit] = useState<'count' | 'duration'>('duration');
  const [count, setCount] = useState(String(IPC_LIMITS.count.default));
  const [duration, setDuration] = useState(String(IPC_LIMITS.durationMs.default));
  const [rate, setRate] = useState('');
  const [producers, setProducers] = useState('1');
  const [placement, setPlacement] = useState<IpcPlacement>('any');
  const info = props.mechanisms.find((m) => m.id === mechanism);
  const mechanismOptions = IPC_MECHANISMS.map((id) => {
    const available = props.mechanisms.find((m) => m.id === id)?.available ?? true;
    const label = IPC_MECHANISM_LABELS[id].label;
    return { value: id, label: available ? label : `${label} (unavailable)`, disabled: !available };
  });

  const submit = (): void => {
    const request: IpcRunRequest = {
      mechanism,
      mode,
      sizeBytes: Number(size),
      producers: Number(producers),
      placement,
    };
    if (limit === 'count') request.count = Number(count);
    else request.durationMs = Number(duration);
    if (rate.trim() !== '') request.ratePerSec = Number(rate);
    props.onStart(request);
  };

  return (
    <form
      className="ipc-form"
      data-testid="ipc-run-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <SelectField
        label="Mechanism"
        name="mechanism"
        value={mechanism}
        options={mechanismOptions}
        onChange={setMechanism}
      />
      <SelectField label="Mode" name="mode" value={mode} options={MODES} onChange={setMode} />
      <label className="field">
        Message size (bytes)
        <span className="size-input">
          <input
            name="size"
            type="number"
            value={size}
            onChange={(event) => setSize(event.target.value)}
            style={{ width: 100 }}
          />
          <select
            aria-label="Size presets"
            value=""
            onChange={(event) => event.target.value && setSize(event.target.value)}
          >
            <option value="">preset…</option>
            {SIZE_PRESETS.map((bytes) => (
              <option key={bytes} value={bytes}>
                {formatBytes(bytes)}
              </option>
            ))}
          </select>
        </span>
      </label>
      <SelectField
        label="Stop after"
        name="limit"
        value={limit}
        options={LIMITS}
        onChange={setLimit}
      />
      {limit === 'count' ? (
        <NumberField label="Messages" name="count" value={count} onChange={setCount} width={100} />
      ) : (
        <NumberField
          label="Duration (ms)"
          name="duration"
          value={duration}
          onChange={setDuration}
          width={90}
        />
      )}
      <NumberField
        label="Target rate (msgs/s)"
        name="rate"
        value={rate}
        onChange={setRate}
        placeholder="max"
        width={100}
      />
      <NumberField
        label={mode === 'round-trip' ? 'Clients' : 'Producers'}
        name="producers"
        value={producers}
        onChange={setProducers}
        width={60}
      />
      <PlacementField name="placement" value={placement} onChange={setPlacement} />
      <button type="submit" data-testid="ipc-start" disabled={props.running || props.busy}>
        Start
      </button>
      <button
        type="button"
        className="danger"
        data-testid="ipc-stop"
        disabled={!props.running}
        onClick={props.onStop}
      >
        Stop
      </button>
      <p className="hint mechanism-what" data-testid="ipc-mechanism-info">
        {IPC_MECHANISM_LABELS[mechanism].what}
        {info?.note ? ` — ${info.note}` : ''}
        {info && !info.available ? ` — cannot run here: ${info.reason ?? 'unavailable'}` : ''}
      </p>
    </form>
  );
}
