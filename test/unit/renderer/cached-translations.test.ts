import i18next, { type TFunction } from 'i18next';
import { describe, expect, it, vi } from 'vitest';
import {
  CACHE_LIMIT,
  cachedTranslation,
  cacheTranslations,
} from '../../../src/renderer/src/i18n/cached-translations';
import { en } from '../../../src/renderer/src/i18n/en';
import { zhCN } from '../../../src/renderer/src/i18n/zh-CN';

type Tree = { [key: string]: string | Tree };

/** Every key path of the English texts, plural suffixes folded into their base key. */
function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return typeof value === 'string' ? [path.replace(/_(one|other)$/, '')] : keysOf(value, path);
  });
}

/** A fresh instance with the lab's texts, as the renderer sets it up. */
async function labTexts(cached: boolean): Promise<typeof i18next> {
  const instance = i18next.createInstance();
  if (cached) cacheTranslations(instance);
  await instance.init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: 'en',
    fallbackLng: 'en',
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  return instance;
}

const VALUES = { n: 1, count: 2, held: '3 ms', name: 'worker-1', pid: 4242, percent: 12.5 };

describe('remembered translations', () => {
  it('answer every text of both languages exactly as i18next does, the first time and again', async () => {
    const plain = await labTexts(false);
    const cached = await labTexts(true);
    const keys = [...new Set(keysOf(en as Tree))];
    expect(keys.length).toBeGreaterThan(500);
    for (const language of ['en', 'zh-CN']) {
      await plain.changeLanguage(language);
      await cached.changeLanguage(language);
      const expected = plain.getFixedT(null, 'translation');
      const t = cached.getFixedT(null, 'translation');
      for (const key of keys) {
        const want = [expected(key), expected(key, VALUES), expected(key, { ...VALUES, count: 1 })];
        for (let pass = 0; pass < 2; pass += 1) {
          expect(t(key), key).toBe(want[0]);
          expect(t(key, VALUES), key).toBe(want[1]);
          expect(t(key, { ...VALUES, count: 1 }), key).toBe(want[2]);
        }
      }
    }
  });

  it('look a repeated call up once, and tell 1 from "1" and one value from another', () => {
    const translate = vi.fn((key: string, options?: Record<string, unknown>) =>
      options === undefined ? key : `${key}:${JSON.stringify(options)}`,
    );
    const t = cachedTranslation(translate as unknown as TFunction, () => 'en');
    for (let pass = 0; pass < 3; pass += 1) {
      expect(t('a.b')).toBe('a.b');
      expect(t('a.b', { n: 1 })).toBe('a.b:{"n":1}');
      expect(t('a.b', { n: '1' })).toBe('a.b:{"n":"1"}');
      expect(t('a.b', { n: 2 })).toBe('a.b:{"n":2}');
    }
    expect(translate).toHaveBeenCalledTimes(4);
  });

  it('answer in the new language after a switch, even from a function kept from before', async () => {
    const instance = await labTexts(true);
    const kept = instance.getFixedT(null, 'translation');
    const english = kept('processes.states.R');
    await instance.changeLanguage('zh-CN');
    const chinese = kept('processes.states.R');
    expect(chinese).not.toBe(english);
    expect(chinese).toBe(zhCN.processes.states.R);
    await instance.changeLanguage('en');
    expect(kept('processes.states.R')).toBe(english);
  });

  it('never keep calls with objects among their values, nor answers that are not text', () => {
    const translate = vi.fn((_key: string, options?: Record<string, unknown>) =>
      options?.['returnObjects'] === true ? { nested: 'text' } : 'text',
    );
    const t = cachedTranslation(translate as unknown as TFunction, () => 'en');
    const values = { list: ['a'] };
    t('a', values);
    t('a', values);
    expect(translate).toHaveBeenCalledTimes(2);
    expect(t('b', { returnObjects: true })).toEqual({ nested: 'text' });
    expect(t('b', { returnObjects: true })).toEqual({ nested: 'text' });
    expect(translate).toHaveBeenCalledTimes(4);
  });

  it('start afresh at the limit rather than grow without end, and still answer right', () => {
    const translate = vi.fn((key: string, options?: { pid: number }) => `${key} ${options?.pid}`);
    const t = cachedTranslation(translate as unknown as TFunction, () => 'en');
    for (let pid = 0; pid < CACHE_LIMIT * 2 + 10; pid += 1)
      expect(t('row', { pid })).toBe(`row ${pid}`);
    expect(translate).toHaveBeenCalledTimes(CACHE_LIMIT * 2 + 10);
    // The newest texts are kept: asking again costs no lookup.
    t('row', { pid: CACHE_LIMIT * 2 + 9 });
    expect(translate).toHaveBeenCalledTimes(CACHE_LIMIT * 2 + 10);
  });
});
