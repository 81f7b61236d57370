import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { noteFigures, type NoteFigures } from './note-figures';
import { showMe } from './show-me';
import { topicsFor, type Topic } from './topics';
import { useNoteData } from './use-note-data';
import './notes.css';

/** One note: title, text, a figure measured here (or how to get one), and "Show me". */
function Note(props: { topic: Topic; figures: NoteFigures }): React.JSX.Element {
  const { t } = useTranslation();
  const { topic } = props;
  const key = `notes.topics.${topic.id}`;
  const headingId = useId();
  const values = props.figures[topic.id];
  // Only notes whose text has a figure sentence show one.
  const hasFigure = t(`${key}.figure`, { defaultValue: '' }) !== '';
  return (
    <article className="note" data-testid={`note-${topic.id}`} aria-labelledby={headingId}>
      <h3 id={headingId}>{t(`${key}.title`)}</h3>
      {t(`${key}.body`)
        .split('\n\n')
        .map((paragraph) => (
          <p key={paragraph}>{paragraph}</p>
        ))}
      {hasFigure && (
        <p
          className="note-figure"
          data-testid={`note-figure-${topic.id}`}
          data-measured={values ? 'yes' : 'no'}
        >
          {values
            ? t('notes.measuredHere', { figure: t(`${key}.figure`, values) })
            : t('notes.notMeasuredYet', { how: t(`${key}.how`) })}
        </p>
      )}
      <button type="button" className="show-me" onClick={() => void showMe(topic.showMe)}>
        {t('notes.showMe')}: {t(`${key}.showMe`)}
      </button>
    </article>
  );
}

/**
 * "What am I seeing?": a side panel of short concept notes, those about the open tab first, each
 * with the figure this lab measured where it has one and a "Show me" that opens it live.
 */
export function ConceptNotes(props: { tab: string; onClose: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const figures = noteFigures(useNoteData());
  const { here, others } = topicsFor(props.tab);
  const titleId = useId();
  return (
    <aside className="concept-notes panel" aria-labelledby={titleId} data-testid="concept-notes">
      <header className="panel-header">
        <h2 id={titleId}>{t('notes.panelTitle')}</h2>
        <button type="button" onClick={props.onClose} data-testid="concept-notes-close">
          {t('notes.close')}
        </button>
      </header>
      <p className="hint">{t('notes.intro')}</p>
      <section aria-label={t('notes.forThisView')}>
        <h3 className="notes-group">{t('notes.forThisView')}</h3>
        {here.map((topic) => (
          <Note key={topic.id} topic={topic} figures={figures} />
        ))}
      </section>
      <section aria-label={t('notes.otherTopics')}>
        <h3 className="notes-group">{t('notes.otherTopics')}</h3>
        {others.map((topic) => (
          <Note key={topic.id} topic={topic} figures={figures} />
        ))}
      </section>
    </aside>
  );
}
