import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OPTIONAL_COLUMNS, setColumnHidden, useHiddenColumns } from './column-choice';

/** The toolbar's "Columns" menu: a checkbox per optional column, remembered across starts. */
export function ColumnChooser(): React.JSX.Element {
  const { t } = useTranslation();
  const hidden = useHiddenColumns();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const panelId = useId();

  // Close on a click outside, as a menu does; the checkboxes inside keep it open.
  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent): void => {
      if (!(event.target instanceof Node) || !box.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  return (
    <div
      className="column-chooser"
      ref={box}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        title={t('processes.columnChooser.title')}
        onClick={() => setOpen(!open)}
      >
        {t('processes.columnChooser.button')}
      </button>
      {open && (
        <fieldset id={panelId} className="column-chooser-panel">
          <legend>{t('processes.columnChooser.legend')}</legend>
          {OPTIONAL_COLUMNS.map((id) => (
            <label key={id}>
              <input
                type="checkbox"
                checked={!hidden.includes(id)}
                onChange={(event) => setColumnHidden(id, !event.target.checked)}
              />
              {t(`processes.columns.${id}.label`)}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
