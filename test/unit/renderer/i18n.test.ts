import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../../src/renderer/src/i18n/en';
import { zhCN } from '../../../src/renderer/src/i18n/zh-CN';
import { TOPICS } from '../../../src/renderer/src/features/notes/topics';
import { REPO_ROOT } from '../support/build';

type Tree = { [key: string]: string | Tree };

/** Every key path with its text: 'notes.topics.gil.title' → '…'. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') out.set(path, value);
    else for (const [inner, text] of flatten(value, path)) out.set(inner, text);
  }
  return out;
}

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] ?? '').sort();

const LANGUAGES = { en: flatten(en), 'zh-CN': flatten(zhCN as Tree) };

describe('the UI texts in English and 简体中文', () => {
  it('have exactly the same keys: a key missing in either language fails here', () => {
    const english = [...LANGUAGES.en.keys()].sort();
    const chinese = [...LANGUAGES['zh-CN'].keys()].sort();
    expect(chinese.filter((key) => !LANGUAGES.en.has(key))).toEqual([]);
    expect(english.filter((key) => !LANGUAGES['zh-CN'].has(key))).toEqual([]);
  });

  it('are never empty and fill in the same values in both languages', () => {
    for (const [key, text] of LANGUAGES.en) {
      const chinese = LANGUAGES['zh-CN'].get(key) ?? '';
      expect(text.trim(), key).not.toBe('');
      expect(chinese.trim(), key).not.toBe('');
      expect(placeholders(chinese), key).toEqual(placeholders(text));
    }
  });

  it('the Chinese texts are written in Chinese, not copied from English', () => {
    const han = /\p{Script=Han}/u;
    const untranslated = [...LANGUAGES['zh-CN']].filter(
      ([key, text]) => text === LANGUAGES.en.get(key) && /[a-z]{4,}/i.test(text) && !han.test(text),
    );
    expect(untranslated.map(([key]) => key)).toEqual([]);
  });
});

/** Every source file of the renderer, as one text, for finding test ids. */
function rendererSource(dir = join(REPO_ROOT, 'src/renderer/src')): string {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) =>
      statSync(path).isDirectory()
        ? rendererSource(path)
        : /\.tsx?$/.test(path)
          ? readFileSync(path, 'utf8')
          : '',
    )
    .join('\n');
}

describe('concept notes', () => {
  const source = rendererSource();

  it('every note has its texts, and a figure sentence always comes with how to measure it', () => {
    for (const topic of TOPICS) {
      const texts = en.notes.topics[topic.id] as Record<string, string>;
      expect(texts['title'], topic.id).toBeTruthy();
      expect(texts['body'], topic.id).toBeTruthy();
      expect(texts['showMe'], topic.id).toBeTruthy();
      expect('figure' in texts, topic.id).toBe('how' in texts);
    }
    // And every note in the texts is listed, so none is written but never shown.
    expect(TOPICS.map((topic) => topic.id).sort()).toEqual(Object.keys(en.notes.topics).sort());
  });

  it('"Show me" points at elements the views really have', () => {
    for (const topic of TOPICS) {
      const anchor = topic.showMe.anchor;
      const literal = source.includes(`data-testid="${anchor}"`);
      // Lessons get their test id from the preset's id: lesson-${preset.id}.
      const lesson = anchor.startsWith('lesson-') && source.includes(`id: '${anchor.slice(7)}'`);
      expect(literal || lesson, `${topic.id} → ${anchor}`).toBe(true);
    }
  });
});
