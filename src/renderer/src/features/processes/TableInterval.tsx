import { useTranslation } from 'react-i18next';
import { useLab } from '../../hooks/lab';

/** Table intervals offered, ms (the lab accepts 250 ms to 10 s). */
const CHOICES = [250, 500, 1000, 2000, 5000, 10_000];

/** How often processes and threads are sampled; errors from the lab are passed up. */
export function TableInterval(props: {
  intervalMs: number | null;
  onError: (reason: unknown) => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const lab = useLab();
  const { intervalMs, onError } = props;
  return (
    <label>
      {t('processes.toolbar.tableEvery')}
      <select
        value={intervalMs ?? ''}
        disabled={intervalMs === null}
        onChange={(event) =>
          lab
            .call('sampling:set-table-interval', { intervalMs: Number(event.target.value) })
            .catch(onError)
        }
      >
        {intervalMs !== null && !CHOICES.includes(intervalMs) && (
          <option value={intervalMs}>{intervalMs} ms</option>
        )}
        {CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {choice < 1000 ? `${choice} ms` : `${choice / 1000} s`}
          </option>
        ))}
      </select>
    </label>
  );
}
