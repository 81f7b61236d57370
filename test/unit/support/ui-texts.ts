import i18next, { type TFunction } from 'i18next';
import { en } from '../../../src/renderer/src/i18n/en';
import { zhCN } from '../../../src/renderer/src/i18n/zh-CN';

/** The UI's `t` in `language`: a real i18next instance with the app's texts, set up as the page does. */
export function uiTexts(language: 'en' | 'zh-CN'): TFunction {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: 'en',
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  return instance.t;
}
