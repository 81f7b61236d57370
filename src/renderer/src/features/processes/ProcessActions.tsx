import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  NICE_RANGE,
  type ProcessActionResult,
  type ProcessSettings,
  type ProcessSignal,
} from '../../../../shared/process-actions';
import type { ProcessRow } from '../../../../shared/sampling';
import { isLabMessage } from '../../../../shared/lab-messages';
import { labMessageText, refusalText } from '../../lib/issue-text';
import { useLab } from '../../hooks/lab';
import { ConfirmDialog } from './ConfirmDialog';
import './process-actions.css';
import { SIGNAL_DESTRUCTIVE, SignalMenu } from './SignalMenu';

/** What the last action (or the lab's refusal) said, shown beside the controls. */
type Outcome = { ok: boolean; text: string } | null;

/**
 * An error from the lab without the channel name it starts with: the sentence alone (a refused
 * field in the UI's language).
 */
function plainWords(reason: unknown, t: TFunction): string {
  return refusalText(reason, t).replace(/^process:[a-z-]+: /, '');
}

/**
 * htop's actions for the selected process: a signal (F9), its nice value (F7/F8) and the CPUs it
 * may run on (taskset). Destructive signals ask first; every answer, done or refused, is shown
 * in plain words next to the controls.
 */
export function ProcessActions(props: {
  row: ProcessRow;
  /** Set (a new object each time) when F9 or k asks for this process's signal menu. */
  signalAsk: object | null;
}): React.JSX.Element {
  const { t } = useTranslation();
  const { row } = props;
  const lab = useLab();
  const [settings, setSettings] = useState<ProcessSettings | null>(null);
  const [nice, setNice] = useState('');
  const [cpus, setCpus] = useState<number[]>([]);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [asking, setAsking] = useState<ProcessSignal | null>(null);
  const [busy, setBusy] = useState(false);

  const show = (found: ProcessSettings | null): void => {
    setSettings(found);
    if (found === null) return;
    setNice(String(found.nice));
    setCpus(found.cpus);
  };

  useEffect(() => {
    // Keyed by process: each one starts with nothing shown, so only the answer sets state here.
    let current = true;
    lab
      .call('process:get-settings', { pid: row.pid })
      .then((found) => current && show(found))
      .catch(
        (reason: unknown) => current && setOutcome({ ok: false, text: plainWords(reason, t) }),
      );
    return () => {
      current = false;
    };
  }, [lab, row.pid, t]);

  const run = (action: Promise<ProcessActionResult>): void => {
    setBusy(true);
    action
      .then((result) => {
        // The answer is not schema-checked on its way here: its sentence is checked by hand.
        const said = isLabMessage(result.said) ? result.said : null;
        setOutcome({ ok: true, text: said === null ? result.message : labMessageText(said, t) });
        show(result.after); // null once it has ended: the controls go quiet
      })
      .catch((reason: unknown) => setOutcome({ ok: false, text: plainWords(reason, t) }))
      .finally(() => setBusy(false));
  };
  const signal = (sent: ProcessSignal): void =>
    run(lab.call('process:signal', { pid: row.pid, signal: sent }));

  const send = (chosen: ProcessSignal): void => {
    if (SIGNAL_DESTRUCTIVE[chosen]) setAsking(chosen);
    else signal(chosen);
  };

  const refusedSaid = settings?.refusedSaid;
  const refused = isLabMessage(refusedSaid)
    ? labMessageText(refusedSaid, t)
    : (settings?.refused ?? null);
  const disabled = busy || settings === null || refused !== null;
  const who = t('processes.actions.who', { name: row.name, pid: row.pid });
  return (
    <section
      className="process-actions"
      aria-label={t('processes.actions.actOn', { who })}
      data-testid="process-actions"
    >
      <span className="process-actions-who">
        {who}
        {settings !== null && (
          <span className="muted">
            {t('processes.actions.settings', { state: settings.state, nice: settings.nice })}
          </span>
        )}
      </span>
      <SignalMenu disabled={disabled} openRequest={props.signalAsk} onPick={send} />
      <form
        className="nice-form"
        onSubmit={(event) => {
          event.preventDefault();
          run(lab.call('process:renice', { pid: row.pid, nice: Number(nice) }));
        }}
      >
        <label title={t('processes.actions.niceTitle')}>
          {t('processes.actions.nice')}
          <input
            type="number"
            min={NICE_RANGE.min}
            max={NICE_RANGE.max}
            step={1}
            value={nice}
            disabled={disabled}
            onChange={(event) => setNice(event.target.value)}
          />
        </label>
        <button type="submit" disabled={disabled || nice.trim() === ''}>
          {t('processes.actions.setNice')}
        </button>
      </form>
      <fieldset className="cpu-choice" disabled={disabled}>
        <legend title={t('processes.actions.cpusTitle')}>{t('processes.actions.cpus')}</legend>
        {(settings?.onlineCpus ?? []).map((cpu) => (
          <label key={cpu}>
            <input
              type="checkbox"
              checked={cpus.includes(cpu)}
              onChange={(event) =>
                setCpus((was) =>
                  event.target.checked
                    ? [...was, cpu].sort((a, b) => a - b)
                    : was.filter((c) => c !== cpu),
                )
              }
            />
            cpu{cpu}
          </label>
        ))}
        <button
          type="button"
          onClick={() => run(lab.call('process:affinity', { pid: row.pid, cpus }))}
        >
          {t('processes.actions.setCpus')}
        </button>
      </fieldset>
      {refused !== null && (
        <p className="error" role="alert">
          {refused}
        </p>
      )}
      <p className="action-done" role="status" data-testid="action-status">
        {outcome?.ok === true ? outcome.text : ''}
      </p>
      {outcome?.ok === false && (
        <p className="error" role="alert" data-testid="action-error">
          {outcome.text}
        </p>
      )}
      {asking !== null && (
        <ConfirmDialog
          title={t('processes.actions.confirmTitle', {
            action: t(`processes.signals.${asking}.label`),
            who,
          })}
          confirmLabel={t('processes.actions.confirmSend', { signal: asking })}
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            setAsking(null);
            signal(asking);
          }}
        >
          <p>
            {t('processes.actions.confirmBody', {
              signal: asking,
              effect: t(`processes.signals.${asking}.effect`),
            })}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
