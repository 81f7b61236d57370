import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { cacheTranslations } from './cached-translations';
import { en } from './en';
import { zhCN } from './zh-CN';

/**
 * The UI's languages. Texts live in one resource object per language (en.ts is the reference;
 * zh-CN.ts must have exactly its keys, which the type and a unit test both check). The lab
 * follows the OS locale until the user picks a language in the header; the pick is remembered.
 */

/** The languages the UI is written in, in menu order. */
export const LANGUAGES = [
  { id: 'en', label: 'English' },
  { id: 'zh-CN', label: '简体中文' },
] as const;

/** A UI language's id. */
export type LanguageId = (typeof LANGUAGES)[number]['id'];

/** Where the user's pick is kept. */
const STORAGE_KEY = 'concurrency-lab.language';

/** The language for a list of preferred locales (navigator.languages): Chinese ones get 简体中文. */
export function languageForLocales(locales: readonly string[]): LanguageId {
  for (const locale of locales) {
    const lower = locale.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

function isLanguageId(value: string | null): value is LanguageId {
  return LANGUAGES.some((language) => language.id === value);
}

function storedLanguage(): LanguageId | null {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
    return isLanguageId(value) ? value : null;
  } catch {
    return null; // storage refused (a sandboxed page): follow the OS
  }
}

function initialLanguage(): LanguageId {
  const locales = globalThis.navigator?.languages ?? [globalThis.navigator?.language ?? 'en'];
  return storedLanguage() ?? languageForLocales(locales);
}

function markDocument(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/** Switches the UI's language and remembers the pick. */
export function setLanguage(language: LanguageId): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered, but the switch itself still happens.
  }
  void i18next.changeLanguage(language);
}

cacheTranslations(i18next);
// Resources are bundled, so initialising is synchronous: the first render is already translated.
void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  initAsync: false,
  // React escapes what it renders; escaping here too would show entities.
  interpolation: { escapeValue: false },
});
markDocument(i18next.language);
i18next.on('languageChanged', markDocument);

export { i18next };
