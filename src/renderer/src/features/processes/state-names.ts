import type { TFunction } from 'i18next';

/** Letters with a long name in processes.states ('?' is there as "unknown"). */
const NAMED = new Set(['R', 'S', 'D', 'Z', 'T', 't', 'I', 'X']);

/**
 * The long name of a one-letter process state, in the UI's language. Every row re-rendered on a
 * tick asks for it; the page's translation functions remember their answers, so asking again
 * costs a map lookup (i18n/cached-translations.ts).
 */
export function stateName(letter: string, t: TFunction): string {
  if (letter === '?') return t('processes.states.unknown');
  return NAMED.has(letter) ? t(`processes.states.${letter}`) : letter;
}
