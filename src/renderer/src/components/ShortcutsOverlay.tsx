import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from '../lib/shortcuts';
import { isTextEntry } from './typing-target';
import './lab-states.css';

/**
 * `?` opens a list of every shortcut (from lib/shortcuts). A modal <dialog> keeps focus inside
 * (Tab wraps around) and closes on Esc; focus then goes back where it was.
 */
export function ShortcutsOverlay(): React.JSX.Element {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<Element | null>(null);
  const [open, setOpen] = useState(false);
  const titleId = useId();

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== '?' || event.ctrlKey || event.altKey || event.metaKey) return;
      if (event.defaultPrevented || isTextEntry(event.target)) return;
      event.preventDefault();
      setOpen(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const element = dialog.current;
    if (element === null || element.open === open) return;
    if (open) {
      returnTo.current = document.activeElement;
      element.showModal();
    } else {
      element.close();
    }
  }, [open]);

  // A modal dialog makes the page inert, but Tab past its last control would leave for the
  // browser's own UI: wrap around instead.
  const onKeyDown = (event: React.KeyboardEvent<HTMLDialogElement>): void => {
    // Keys pressed in the list are for the list: the page's shortcuts (on document) skip them.
    event.nativeEvent.stopPropagation();
    if (event.key !== 'Tab') return;
    const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>('button, [tabindex]')];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (first === undefined || last === undefined) return;
    const active = document.activeElement;
    if (event.shiftKey ? active === first : active === last) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    }
  };

  const onClose = (): void => {
    setOpen(false);
    if (returnTo.current instanceof HTMLElement) returnTo.current.focus();
  };

  return (
    <dialog
      ref={dialog}
      className="shortcuts-dialog"
      aria-labelledby={titleId}
      data-testid="shortcuts-overlay"
      onClose={onClose}
      onKeyDown={onKeyDown}
    >
      <h2 id={titleId}>{t('common.shortcuts.title')}</h2>
      {open && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('common.shortcuts.keys')}</th>
              <th scope="col">{t('common.shortcuts.where')}</th>
              <th scope="col">{t('common.shortcuts.what')}</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map((shortcut) => (
              <tr key={shortcut.keys.join(' ')}>
                <td>
                  {shortcut.keys.map((key, index) => (
                    <span key={key}>
                      {index > 0 && t('common.shortcuts.or')}
                      <kbd>{key}</kbd>
                    </span>
                  ))}
                </td>
                <td>{t(`common.shortcuts.places.${shortcut.where}`)}</td>
                <td>{t(`common.shortcuts.actions.${shortcut.what}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" autoFocus onClick={() => dialog.current?.close()}>
        {t('common.shortcuts.close')}
      </button>
    </dialog>
  );
}
