import type { TFunction } from 'i18next';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabClient } from '../../../shared/contract';
import { issuesOf } from '../../../shared/field-issues';
import { isLabMessage } from '../../../shared/lab-messages';
import { issueMessage, issueSentence, labMessageText } from '../lib/issue-text';
import { LOCAL_MACHINE_ID, type MachinesState, type MachineView } from '../../../shared/machines';

/** The machine list, kept current from `machine:list` and `machine:state`; null until known. */
export function useMachines(client: LabClient): MachinesState | null {
  const [state, setState] = useState<MachinesState | null>(null);
  useEffect(() => {
    let live = true;
    const stop = client.subscribe('machine:state', setState);
    client.call('machine:list', {}).then(
      (value) => live && setState(value),
      () => undefined, // an older backend without machines: the switcher stays disabled
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
export function statusText(machine: MachineView, t: TFunction): string {
  if (machine.status === 'connected') return t('common.machines.connected');
  if (machine.status === 'connecting') return t('common.machines.connecting');
  const reason =
    machine.errorSaid !== undefined && isLabMessage(machine.errorSaid)
      ? labMessageText(machine.errorSaid, t)
      : (machine.error ?? t('common.machines.noReason'));
  return t('common.machines.lost', { reason });
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
}): React.JSX.Element {
  const { t } = useTranslation();
  const { client, state } = props;
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const selected = selectedMachine(state);
  // Until the list comes, the switcher keeps its shape (this machine, disabled): appearing later
  // it widened the header, which then wrapped differently and moved the tabs under the pointer.
  const waiting = state === null;

  const run = (call: Promise<unknown>): void => {
    setError(null);
    call.catch((reason: unknown) =>
      setError(reason instanceof Error ? reason.message : String(reason)),
    );
  };

  return (
    <div className="machine-switcher" aria-busy={waiting}>
      <label htmlFor={`${id}-machine`}>{t('common.machines.machine')}</label>
      <select
        id={`${id}-machine`}
        data-testid="machine-select"
        disabled={waiting}
        value={state?.selectedId ?? LOCAL_MACHINE_ID}
        onChange={(event) => run(client.call('machine:select', { id: event.target.value }))}
      >
        {waiting && <option value={LOCAL_MACHINE_ID}>{t('common.machines.thisMachine')}</option>}
        {state?.machines.map((machine) => (
          <option key={machine.id} value={machine.id} data-status={machine.status}>
            {machine.id === LOCAL_MACHINE_ID
              ? machineName(machine, t)
              : `${machine.name} — ${statusText(machine, t)}`}
          </option>
        ))}
      </select>
      {selected !== null && selected.id !== LOCAL_MACHINE_ID && (
        <button
          type="button"
          onClick={() => run(client.call('machine:remove', { id: selected.id }))}
        >
          {t('common.machines.remove')}
        </button>
      )}
      <button
        type="button"
        aria-expanded={adding}
        disabled={waiting}
        onClick={() => setAdding(!adding)}
      >
        {t('common.machines.add')}
      </button>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {state !== null && state.problem !== null && <p className="error">{state.problem}</p>}
      {adding && <AddMachineForm client={client} onDone={() => setAdding(false)} />}
    </div>
  );
}

/** Name, URL and token; the lab's validation errors are shown next to their fields. */
function AddMachineForm(props: { client: LabClient; onDone: () => void }): React.JSX.Element {
  const { t } = useTranslation();
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
        setErrors(fieldErrors(reason, t));
      },
    );
  };

  return (
    <form className="add-machine" aria-label={t('common.machines.addForm')} onSubmit={submit}>
      {FIELDS.map((field) => (
        <div key={field} className="add-machine-field">
          <label htmlFor={`${id}-${field}`}>{t(`common.machines.${field}`)}</label>
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
        {t('common.machines.submit')}
      </button>
      <button type="button" onClick={props.onDone}>
        {t('common.machines.cancel')}
      </button>
      {errors.form !== undefined && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
    </form>
  );
}

/**
 * A refusal of machine:add → the message of each field; the rest is the form's. The lab's field
 * issues say which field; an older lab only sends "machine:add: name: must…; url: must…".
 */
function fieldErrors(reason: unknown, t: TFunction): Partial<Record<Field | 'form', string>> {
  const errors: Partial<Record<Field | 'form', string>> = {};
  const issues = issuesOf(reason);
  for (const issue of issues) {
    const field = FIELDS.find((name) => issue.path.length === 1 && issue.path[0] === name);
    if (field !== undefined) errors[field] = issueMessage(issue.message, t);
    else {
      const sentence = issueSentence(issue, t);
      errors.form = errors.form === undefined ? sentence : `${errors.form}; ${sentence}`;
    }
  }
  if (issues.length > 0) return errors;
  const message = reason instanceof Error ? reason.message : String(reason);
  const body = message.replace(/^machine:add: /, '');
  for (const part of body.split('; ')) {
    const field = FIELDS.find((name) => part.startsWith(`${name}: `));
    if (field === undefined)
      errors.form = errors.form === undefined ? part : `${errors.form}; ${part}`;
    else errors[field] = part.slice(field.length + 2);
  }
  return errors;
}

/** A machine's name to show: this machine's in the UI's language, an agent's as saved. */
function machineName(machine: MachineView, t: TFunction): string {
  return machine.id === LOCAL_MACHINE_ID ? t('common.machines.thisMachine') : machine.name;
}

/**
 * The line under the header naming the machine every view shows, and whether it is reachable.
 * Until the machine list arrives it shows "…" in the same shape, so the chart and tabs below
 * are drawn where they stay (a line appearing later pushed the tabs away from a click).
 */
export function WatchingLine({ state }: { state: MachinesState | null }): React.JSX.Element {
  const { t } = useTranslation();
  const machine = selectedMachine(state);
  const remote = machine !== null && machine.id !== LOCAL_MACHINE_ID;
  return (
    // A named region, like the replay bar: it sits between the header and main (axe: region).
    <div
      className={machine?.status === 'lost' ? 'watching lost' : 'watching'}
      role="region"
      aria-label={t('common.machines.watchedRegion')}
      aria-busy={machine === null}
      data-testid="watching"
      data-status={machine?.status ?? 'unknown'}
    >
      {t('common.machines.watching')} <strong>{machine ? machineName(machine, t) : '…'}</strong>
      {remote && ` (${machine.url})`}
      {remote && machine.status !== 'connected' && <span> — {statusText(machine, t)}</span>}
    </div>
  );
}
