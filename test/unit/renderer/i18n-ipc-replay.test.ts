import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../../../src/renderer/src/i18n/en';
import { zhCN } from '../../../src/renderer/src/i18n/zh-CN';
import { PYTHON_NOT_RECORDED } from '../../../src/renderer/src/features/replay/replay-lab-answers';
import { overheadText, type Verdict } from '../../../src/renderer/src/lib/verdict';

const VERDICTS: Verdict[] = ['good', 'bad', 'close'];

/** A fresh i18next instance in `language`, as the page sets one up. */
function instance(language: 'en' | 'zh-CN'): typeof i18next {
  const texts = i18next.createInstance();
  void texts.init({
    lng: language,
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  return texts;
}

describe('IPC verdicts and replay sentences in both languages', () => {
  it('an overhead verdict keeps its ✓/✗/≈ mark in either language, in words of that language', () => {
    const english = instance('en');
    const chinese = instance('zh-CN');
    const marks = { good: '✓', bad: '✗', close: '≈' };
    for (const verdict of VERDICTS) {
      const inEnglish = overheadText(verdict, english.t).text;
      const inChinese = overheadText(verdict, chinese.t).text;
      expect(inEnglish.startsWith(marks[verdict]), inEnglish).toBe(true);
      expect(inChinese.startsWith(marks[verdict]), inChinese).toBe(true);
      expect(inChinese).toMatch(/\p{Script=Han}/u);
    }
    expect(overheadText('close', english.t).text).toBe('≈ borderline, within noise');
  });

  it('"Python was not recorded" reads in English without a UI, then in the UI\'s language', async () => {
    // Nothing set up the UI's i18next here: the replay answers still say a real sentence.
    expect(i18next.isInitialized).toBeFalsy();
    expect(PYTHON_NOT_RECORDED.error).toBe('Python status was not recorded in this recording');
    await i18next.init({
      lng: 'zh-CN',
      resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
      initAsync: false,
    });
    expect(PYTHON_NOT_RECORDED.error).toBe(zhCN.replay.pythonNotRecorded);
    await i18next.changeLanguage('en');
    expect(PYTHON_NOT_RECORDED.error).toBe(en.replay.pythonNotRecorded);
  });
});
