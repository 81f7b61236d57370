import { useEffect, useId, useState } from 'react';
import type { LabClient } from '../../../shared/contract';
import { LOCAL_MACHINE_ID, type MachinesState, type MachineView } from '../../../shared/machines';

/** The machine list, kept current from `machine:list` and `machine:state`; null until known. */
export function useMachines(client: LabClient): MachinesState | null {
  const [state, setState] = useState<MachinesState | null>(null);
  useEffect(() => {
    let live = true;
    const stop = client.subscribe('machine:state', setState);
    client.call('machine:list', {}).then(
      (value) => live && setState(value),
      () => undefined, // an older backend without machines: the switcher stays hidden
    );
    return () => {
      live = false;
      stop();
    };
  }, [client]);
  return state;
}

/** The machine whose data the views show. */
export function selectedMachine(state: MachinesState | null): MachineView | null {
  return state?.machines.find((machine) => machine.id === state.selectedId) ?? null;
}

/** A machine's link status in words: "connected", "connecting…", "lost: the agent refused…". */
export function statusText(machine: MachineView): string {
  if (machine.status === 'connected') return 'connected';
  if (machine.status === 'connecting') return 'connecting…';
  return `lost: ${machine.error ?? 'no reason given'}`;
}

const FIELDS = ['name', 'url', 'token'] as const;
type Field = (typeof FIELDS)[number];

/**
 * The header's machine switcher: choose which machine every view shows, add an agent (name,
 * URL, token) or remove one. The token goes to the lab backend and never comes back.
 */
export function MachineSwitcher(props: {
  client: LabClient;
  state: MachinesState | null;
}): React.JSX.Element | null {
  const { client, state } = props;
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  if (state === null) return null;
  const selected = selectedMachine(state);

  const run = (call: Promise<unknown>): void => {
    setError(null);
    call.catch((reason: unknown) =>
      setError(reason instanceof Error ? reason.message : String(reason)),
    );
  };

  return (
    <div className="machine-switcher">
      <label htmlFor={`${id}-machine`}>Machine</label>
      <select
        id={`${id}-machine`}
        data-testid="machine-select"
        value={state.selectedId}
        onChange={(event) => run(client.call('machine:select', { id: event.target.value }))}
      >
        {state.machines.map((machine) => (
          <option key={machine.id} value={machine.id} data-status={machine.status}>
            {machine.id === LOCAL_MACHINE_ID
              ? machine.name
              : `${machine.name} — ${statusText(machine)}`}
          </option>
        ))}
      </select>
      {selected !== null && selected.id !== LOCAL_MACHINE_ID && (
        <button
          type="button"
          onClick={() => run(client.call('machine:remove', { id: selected.id }))}
        >
          Remove
        </button>
      )}
      <button type="button" aria-expanded={adding} onClick={() => setAdding(!adding)}>
        Add machine…
      </button>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {state.problem !== null && <p className="error">{state.problem}</p>}
      {adding && <AddMachineForm client={client} onDone={() => setAdding(false)} />}
    </div>
  );
}

/** Name, URL and token; the lab's validation errors are shown next to their fields. */
function AddMachineForm(props: { client: LabClient; onDone: () => void }): React.JSX.Element {
  const [values, setValues] = useState<Record<Field, string>>({ name: '', url: '', token: '' });
  const [errors, setErrors] = useState<Partial<Record<Field | 'form', string>>>({});
  const [busy, setBusy] = useState(false);
  const id = useId();

  const submit = (event: React.FormEvent): void => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    props.client.call('machine:add', values).then(
      () => props.onDone(),
      (reason: unknown) => {
        setBusy(false);
        setErrors(fieldErrors(reason instanceof Error ? reason.message : String(reason)));
      },
    );
  };

  const labels: Record<Field, string> = { name: 'Name', url: 'URL', token: 'Token' };
  return (
    <form className="add-machine" aria-label="Add machine" onSubmit={submit}>
      {FIELDS.map((field) => (
        <div key={field} className="add-machine-field">
          <label htmlFor={`${id}-${field}`}>{labels[field]}</label>
          <input
            id={`${id}-${field}`}
            name={field}
            type={field === 'token' ? 'password' : 'text'}
            autoComplete="off"
            placeholder={field === 'url' ? 'ws://127.0.0.1:7070' : undefined}
            value={values[field]}
            aria-invalid={errors[field] !== undefined}
            aria-describedby={errors[field] === undefined ? undefined : `${id}-${field}-error`}
            onChange={(event) => setValues({ ...values, [field]: event.target.value })}
          />
          {errors[field] !== undefined && (
            <span className="error" id={`${id}-${field}-error`} data-testid={`${field}-error`}>
              {errors[field]}
            </span>
          )}
        </div>
      ))}
      <button type="submit" disabled={busy}>
        Add
      </button>
      <button type="button" onClick={props.onDone}>
        Cancel
      </button>
      {errors.form !== undefined && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
    </form>
  );
}

/** "machine:add: name: must…; url: must…" → the message of each field; the rest is the form's. */
function fieldErrors(message: string): Partial<Record<Field | 'form', string>> {
  const body = message.replace(/^machine:add: /, '');
  const errors: Partial<Record<Field | 'form', string>> = {};
  for (const part of body.split('; ')) {
    const field = FIELDS.find((name) => part.startsWith(`${name}: `));
    if (field === undefined)
      errors.form = errors.form === undefined ? part : `${errors.form}; ${part}`;
    else errors[field] = part.slice(field.length + 2);
  }
  return errors;
}

/** The line under the header naming the machine every view shows, and whether it is reachable. */
export function WatchingLine({ state }: { state: MachinesState }): React.JSX.Element | null {
  const machine = selectedMachine(state);
  if (machine === null) return null;
  const remote = machine.id !== LOCAL_MACHINE_ID;
  return (
    <div
      className={machine.status === 'lost' ? 'watching lost' : 'watching'}
      data-testid="watching"
      data-status={machine.status}
    >
      Watching: <strong>{machine.name}</strong>
      {remote && ` (${machine.url})`}
      {remote && machine.status !== 'connected' && <span> — {statusText(machine)}</span>}
    </div>
  );
}
