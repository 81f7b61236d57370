import type { TFunction } from 'i18next';

/** Letters with a long name in processes.states ('?' is there as "unknown"). */
const NAMED = new Set(['R', 'S', 'D', 'Z', 'T', 't', 'I', 'X']);

/** The long name of a one-letter process state, in the UI's language. */
export function stateName(letter: string, t: TFunction): string {
  if (letter === '?') return t('processes.states.unknown');
  return NAMED.has(letter) ? t(`processes.states.${letter}`) : letter;
}
