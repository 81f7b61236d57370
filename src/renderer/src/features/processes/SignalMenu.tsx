import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PROCESS_SIGNALS, type ProcessSignal } from '../../../../shared/process-actions';

/**
 * Whether each signal asks first. Its menu label and what it does are texts:
 * processes.signals.<SIGNAL>.label / .effect.
 */
export const SIGNAL_DESTRUCTIVE: Record<ProcessSignal, boolean> = {
  SIGSTOP: true,
  SIGCONT: false,
  SIGINT: true,
  SIGTERM: true,
  SIGKILL: true,
};

/**
 * htop's F9: a menu button listing the signals. `openRequest` opens it with the first signal
 * focused (the table's F9 / k); arrows move, Esc closes and gives the focus back to the button.
 */
export function SignalMenu(props: {
  disabled: boolean;
  /** A new object opens the menu (once it is enabled) with the first signal focused. */
  openRequest: object | null;
  onPick: (signal: ProcessSignal) => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const items = (): HTMLButtonElement[] => [
    ...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []),
  ];

  const handled = useRef<object | null>(null);
  useEffect(() => {
    if (props.openRequest === null || props.disabled || handled.current === props.openRequest)
      return;
    handled.current = props.openRequest;
    setOpen(true);
  }, [props.openRequest, props.disabled]);
  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
  }, [open]);

  const close = (): void => {
    setOpen(false);
    button.current?.focus();
  };
  const onKey = (event: React.KeyboardEvent): void => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number): void => list[(to + list.length) % list.length]?.focus();
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(list.length - 1);
    else if (event.key === 'Escape' || event.key === 'Tab') close();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div className="signal-menu">
      <button
        type="button"
        ref={button}
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={props.disabled}
        title={t('processes.signalMenu.title')}
        onClick={() => setOpen((was) => !was)}
      >
        {t('processes.signalMenu.button')}
      </button>
      {open && (
        <ul
          ref={menu}
          role="menu"
          aria-label={t('processes.signalMenu.menu')}
          onKeyDown={onKey}
          onBlur={(event) => {
            if (!menu.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
          }}
        >
          {PROCESS_SIGNALS.map((signal) => (
            <li key={signal} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                title={t(`processes.signals.${signal}.effect`)}
                onClick={() => {
                  close(); // the focus goes back to the button first: a dialog returns it there
                  props.onPick(signal);
                }}
              >
                {t(`processes.signals.${signal}.label`)} <span className="muted">{signal}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
