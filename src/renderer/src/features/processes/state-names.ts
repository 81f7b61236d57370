import type { TFunction } from 'i18next';

/** Letters with a long name in processes.states ('?' is there as "unknown"). */
const NAMED = new Set(['R', 'S', 'D', 'Z', 'T', 't', 'I', 'X']);

// Names by translation function (a new one comes with each language): every row re-rendered on a
// tick asks for its state's name, and a lookup in i18next costs far more than one in a map.
const cache = new WeakMap<TFunction, Map<string, string>>();

/** The long name of a one-letter process state, in the UI's language. */
export function stateName(letter: string, t: TFunction): string {
  let names = cache.get(t);
  if (names === undefined) {
    names = new Map();
    cache.set(t, names);
  }
  let name = names.get(letter);
  if (name === undefined) {
    if (letter === '?') name = t('processes.states.unknown');
    else name = NAMED.has(letter) ? t(`processes.states.${letter}`) : letter;
    names.set(letter, name);
  }
  return name;
}
