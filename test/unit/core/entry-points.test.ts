import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTRIES_DIR, ENTRY_NAMES, ENTRY_POINTS } from '../../../src/core/entry-points';
import { REPO_ROOT } from '../support/build';

describe('entry points', () => {
  it('the entries folder holds exactly the listed entry points, each named after its bundle', () => {
    const files = readdirSync(join(REPO_ROOT, ENTRIES_DIR)).sort();
    expect(files).toEqual(ENTRY_NAMES.map((name) => `${name}.ts`).sort());
    for (const name of ENTRY_NAMES) expect(ENTRY_POINTS[name]).toBe(`${ENTRIES_DIR}/${name}.ts`);
  });

  it('no other source file starts a process or thread from a path of its own', () => {
    // Children are started through resolveEntry (paths.ts) only; a hand-written path to a
    // source file would run src/ in the built app.
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(join(REPO_ROOT, dir), { withFileTypes: true })) {
        const path = `${dir}/${entry.name}`;
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name) && /new Worker\(|\bfork\(/.test(readText(path)))
          offenders.push(path);
      }
    };
    walk('src');
    expect(offenders.filter((path) => !ALLOWED_STARTERS.includes(path))).toEqual([]);
  });
});

/** The one file allowed to call fork() or new Worker(): the OS layer's startEntry. */
const ALLOWED_STARTERS = ['src/core/os/spawn.ts'];

/** A source file's code lines, comments left out. */
function readText(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line))
    .join('\n');
}
