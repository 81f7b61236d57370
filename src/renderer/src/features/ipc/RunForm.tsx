import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../../shared/field-issues';
import { FieldError, invalidProps, issueFor } from '../../components/FieldError';
import {
  IPC_LIMITS,
  IPC_MECHANISMS,
  IPC_MODES,
  type IpcMechanism,
  type IpcMode,
  type IpcPlacement,
} from '../../../../shared/ipc-mechanisms';
import type { IpcMechanismInfo } from '../../../../shared/ipc-results';
import type { IpcRunRequest } from '../../../../shared/ipc-requests';
import { NumberField } from '../../components/NumberField';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { formatBytes } from '../../lib/format';
import { PlacementField } from './PlacementField';
import { mechanismNote } from '../../lib/ipc-mechanism-text';

const SIZE_PRESETS = [64, 1024, 64 * 1024, 1024 * 1024, 4 * 1024 * 1024];

/** How a run can be limited, in menu order. */
const LIMITS = ['duration', 'count'] as const;

/** Mechanism and parameters of one run, with Start and Stop. */
export function RunForm(props: {
  mechanisms: IpcMechanismInfo[];
  running: boolean;
  busy: boolean;
  onStart: (request: IpcRunRequest) => void;
  onStop: () => void;
  /** Fields the lab refused in the last start. */
  issues?: readonly FieldIssue[];
}): React.JSX.Element {
  const { t } = useTranslation();
  const issue = (key: string): FieldIssue | undefined => issueFor(props.issues ?? [], key);
  const sizeErrorId = useId();
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
  const note = info === undefined ? null : mechanismNote(info, t);
  const mechanismOptions = IPC_MECHANISMS.map((id) => {
    const available = props.mechanisms.find((m) => m.id === id)?.available ?? true;
    const label = t(`ipc.mechanisms.${id}.label`);
    return {
      value: id,
      label: available ? label : t('ipc.runForm.unavailableOption', { label }),
      disabled: !available,
    };
  });
  const modes: SelectOption<IpcMode>[] = IPC_MODES.map((value) => ({
    value,
    label: t(`ipc.runForm.modes.${value}`),
  }));
  const limits: SelectOption<'count' | 'duration'>[] = LIMITS.map((value) => ({
    value,
    label: t(`ipc.runForm.limits.${value}`),
  }));

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
        label={t('ipc.runForm.mechanism')}
        name="mechanism"
        value={mechanism}
        options={mechanismOptions}
        onChange={setMechanism}
        issue={issue('mechanism')}
      />
      <SelectField
        label={t('ipc.runForm.mode')}
        name="mode"
        value={mode}
        options={modes}
        onChange={setMode}
      />
      <label className="field">
        {t('ipc.runForm.messageSize')}
        <span className="size-input">
          <input
            name="size"
            type="number"
            value={size}
            onChange={(event) => setSize(event.target.value)}
            style={{ width: 100 }}
            {...invalidProps(sizeErrorId, issue('sizeBytes'))}
          />
          <select
            aria-label={t('ipc.runForm.sizePresets')}
            value=""
            onChange={(event) => event.target.value && setSize(event.target.value)}
          >
            <option value="">{t('ipc.runForm.preset')}</option>
            {SIZE_PRESETS.map((bytes) => (
              <option key={bytes} value={bytes}>
                {formatBytes(bytes)}
              </option>
            ))}
          </select>
        </span>
        <FieldError id={sizeErrorId} issue={issue('sizeBytes')} />
      </label>
      <SelectField
        label={t('ipc.runForm.stopAfter')}
        name="limit"
        value={limit}
        options={limits}
        onChange={setLimit}
      />
      {limit === 'count' ? (
        <NumberField
          label={t('ipc.runForm.messages')}
          name="count"
          value={count}
          onChange={setCount}
          width={100}
          issue={issue('count')}
        />
      ) : (
        <NumberField
          label={t('ipc.runForm.duration')}
          name="duration"
          value={duration}
          onChange={setDuration}
          width={90}
          issue={issue('durationMs')}
        />
      )}
      <NumberField
        label={t('ipc.runForm.rate')}
        name="rate"
        value={rate}
        onChange={setRate}
        placeholder={t('ipc.runForm.ratePlaceholder')}
        width={100}
        issue={issue('ratePerSec')}
      />
      <NumberField
        label={mode === 'round-trip' ? t('ipc.runForm.clients') : t('ipc.runForm.producers')}
        name="producers"
        value={producers}
        onChange={setProducers}
        width={60}
        issue={issue('producers')}
      />
      <PlacementField name="placement" value={placement} onChange={setPlacement} />
      <button type="submit" data-testid="ipc-start" disabled={props.running || props.busy}>
        {t('ipc.runForm.start')}
      </button>
      <button
        type="button"
        className="danger"
        data-testid="ipc-stop"
        disabled={!props.running}
        onClick={props.onStop}
      >
        {t('ipc.runForm.stop')}
      </button>
      <p className="hint mechanism-what" data-testid="ipc-mechanism-info">
        {t(`ipc.mechanisms.${mechanism}.what`)}
        {note === null ? '' : ` — ${note}`}
        {info && !info.available
          ? ` — ${t('ipc.runForm.cannotRun', { reason: info.reason ?? t('ipc.runForm.unavailable') })}`
          : ''}
      </p>
    </form>
  );
}
