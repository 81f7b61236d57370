import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO_ROOT } from '../support/build';

/** The budget for everything the page needs before its first paint, gzipped. */
const FIRST_PAINT_BUDGET = 250 * 1024;

const RENDERER = join(REPO_ROOT, 'out/renderer');

/** Files index.html loads up front: the entry script, its modulepreloads and stylesheets. */
function firstPaintFiles(): string[] {
  const html = readFileSync(join(RENDERER, 'index.html'), 'utf8');
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  const files: string[] = [];
  for (const tag of tags) {
    const isEntry = tag.startsWith('<script') && /type="module"/.test(tag);
    const isPreload = /rel="(modulepreload|stylesheet)"/.test(tag);
    const url = /(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if ((isEntry || isPreload) && url !== undefined) files.push(url.replace(/^\.?\//, ''));
  }
  return files;
}

const gzipped = (file: string): number => gzipSync(readFileSync(join(RENDERER, file))).length;

/** The JavaScript chunks whose code matches `marker` (a test id, a class name…). */
function chunksContaining(marker: RegExp): string[] {
  return readdirSync(join(RENDERER, 'assets'))
    .filter((name) => name.endsWith('.js'))
    .filter((name) => marker.test(readFileSync(join(RENDERER, 'assets', name), 'utf8')))
    .map((name) => `assets/${name}`);
}

describe('the production renderer bundle', () => {
  beforeAll(() => ensureBuilt('fresh'), 200_000);

  it('needs at most 250 KB gzipped for the first paint', () => {
    const files = firstPaintFiles();
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    const total = files.reduce((sum, file) => sum + gzipped(file), 0);
    expect(total, `first paint: ${files.join(', ')}`).toBeLessThanOrEqual(FIRST_PAINT_BUDGET);
  });

  it('is minified: no line of the entry script is a short, indented source line', () => {
    const entry = firstPaintFiles().find((file) => file.endsWith('.js')) ?? '';
    const lines = readFileSync(join(RENDERER, entry), 'utf8').split('\n');
    // Unminified output has tens of thousands of lines; minified, a handful of long ones.
    expect(lines.length).toBeLessThan(200);
  });

  it('loads each tab as its own chunk, none of them before the first paint', () => {
    const upFront = new Set(firstPaintFiles());
    const tabs = ['processes-tab', 'experiments-panel', 'ipc-tab'].map((testId) => {
      // The element that carries the test id (other chunks may name it, e.g. to scroll to it).
      // The minifier may quote a string with ", ' or `.
      const chunks = chunksContaining(new RegExp(`"data-testid":["'\`]${testId}["'\`]`));
      expect(chunks, `chunks that render ${testId}`).toHaveLength(1);
      return chunks[0] ?? '';
    });
    expect(new Set(tabs).size).toBe(3);
    for (const chunk of tabs) expect(upFront.has(chunk), chunk).toBe(false);
  });

  it('leaves recharts (the static result charts) out of the first paint', () => {
    const recharts = chunksContaining(/recharts-wrapper/);
    expect(recharts.length).toBeGreaterThan(0);
    for (const chunk of recharts) expect(firstPaintFiles()).not.toContain(chunk);
  });
});
