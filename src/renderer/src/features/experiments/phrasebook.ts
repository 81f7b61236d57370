import type { TFunction } from 'i18next';
import type { Phrasebook } from '../../../../shared/experiment-phrases';

/** The shared conclusions' phrasebook in `t`'s language (its keys sit under experiments.conclusions). */
export function phrasebookOf(t: TFunction): Phrasebook {
  return (key, values) => t(`experiments.conclusions.${key}`, values ?? {});
}
