import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * An in-page question before a destructive action (a modal <dialog>, so the rest of the page is
 * inert and Esc cancels). The safe answer has the focus: Enter alone never destroys anything.
 */
export function ConfirmDialog(props: {
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (!element.open) element.showModal();
    cancel.current?.focus();
    return () => element.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      data-testid="confirm-dialog"
      onCancel={(event) => {
        event.preventDefault(); // closing is the parent's decision: it unmounts the dialog
        props.onCancel();
      }}
    >
      <h3 id={`${id}-title`}>{props.title}</h3>
      <div id={`${id}-body`}>{props.children}</div>
      <div className="confirm-buttons">
        <button type="button" ref={cancel} onClick={props.onCancel}>
          {t('processes.confirm.cancel')}
        </button>
        <button type="button" className="danger" onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
