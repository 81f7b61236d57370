import i18next, { type i18n } from 'i18next';
import { en } from '../../i18n/en';

let english: i18n | undefined;

/**
 * The i18next instance replay sentences are written with: the UI's (set up by i18n/index.ts)
 * in the page; an English one where nothing set it up, since the unit tests drive the replay
 * client from Node and should read real sentences, not empty strings.
 */
export function replayI18n(): i18n {
  if (i18next.isInitialized) return i18next;
  if (english === undefined) {
    english = i18next.createInstance();
    void english.init({
      lng: 'en',
      resources: { en: { translation: en } },
      initAsync: false,
      interpolation: { escapeValue: false },
    });
  }
  return english;
}
