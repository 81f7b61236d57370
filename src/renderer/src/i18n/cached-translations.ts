import type { i18n as I18n, TFunction } from 'i18next';

/**
 * Remembered translations. The live views re-render rows every tick, and each row asks for the
 * same few texts again: one i18next lookup (options merged, key resolved, values filled in)
 * costs far more than one look in a map. Measured on the Processes tab, translating was about a
 * third of React's render time.
 */

/**
 * Texts one translation function keeps before it starts afresh: texts with values (a pid, a
 * percentage) would otherwise grow it without end.
 */
export const CACHE_LIMIT = 4000;

/** A call's cache key, or null when the call must not be cached (an object or list among its values). */
function cacheKey(key: unknown, options: unknown): string | null {
  if (typeof key !== 'string') return null;
  if (options === undefined) return key;
  // t(key, 'default text'): the overload with a default value.
  if (typeof options === 'string') return `${key}\u0000${options}`;
  if (typeof options !== 'object' || options === null) return null;
  let out = key;
  for (const name in options) {
    const value: unknown = (options as Record<string, unknown>)[name];
    // The type's first letter keeps 1 and '1' apart (a plural picks its form from a number).
    if (value === null || value === undefined) out += `\u0000${name}=${String(value)}`;
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out += `\u0000${name}=${(typeof value)[0]}${String(value)}`;
    else return null;
  }
  return out;
}

/**
 * A translation function that answers a call it has answered before, in the same language, from
 * memory. Calls whose options hold objects or lists (returnObjects, nested values) always go
 * to i18next, and so does any answer that is not a string.
 */
export function cachedTranslation(translate: TFunction, language: () => string): TFunction {
  const call = translate as unknown as (...args: unknown[]) => unknown;
  const texts = new Map<string, string>();
  let filledIn = language();
  const cached = (key: unknown, options?: unknown, ...rest: unknown[]): unknown => {
    const id = rest.length === 0 ? cacheKey(key, options) : null;
    if (id === null) return call(key, options, ...rest);
    const now = language();
    // A function kept across a language switch must not answer in the old language.
    if (now !== filledIn) {
      texts.clear();
      filledIn = now;
    }
    const known = texts.get(id);
    if (known !== undefined) return known;
    const text = options === undefined ? call(key) : call(key, options);
    if (typeof text !== 'string') return text;
    if (texts.size >= CACHE_LIMIT) texts.clear();
    texts.set(id, text);
    return text;
  };
  // react-i18next reads the fixed language and namespace off the function it was given.
  return Object.assign(cached, translate) as unknown as TFunction;
}

/** Makes every translation function the instance hands out (useTranslation's `t`) a cached one. */
export function cacheTranslations(instance: I18n): void {
  const getFixedT = instance.getFixedT.bind(instance) as (...args: unknown[]) => TFunction;
  const cachedGetFixedT = (...args: unknown[]): TFunction =>
    cachedTranslation(getFixedT(...args), () => instance.language);
  instance.getFixedT = cachedGetFixedT as unknown as I18n['getFixedT'];
}
