import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsxLoaderUrl } from '../../../../src/core/paths';
import { parseSession, SessionFileError } from '../../../../src/shared/session-format';

const cli = join(__dirname, '../../../../src/cli/index.ts');
const corpus = join(__dirname, '../../../fixtures/recordings');
const fixture = (name: string): string => readFileSync(join(corpus, name), 'utf8');
let dir: string;
const exportFile = (file: string, format = 'csv') =>
  spawnSync(
    process.execPath,
    ['--import', tsxLoaderUrl(), cli, 'export', file, '--format', format],
    {
      encoding: 'utf8',
      timeout: 60_000,
      cwd: dir,
    },
  );

/** Damaged files of the corpus, with the line and field each must be refused at. */
const REFUSED: { file: string; line: number; field: string | null; says: RegExp }[] = [
  { file: 'empty-payload.ndjson', line: 3, field: 'payload.time', says: /expected number/ },
  { file: 'bad-payload-types.ndjson', line: 3, field: 'payload.cores', says: /expected array/ },
  { file: 'bad-time-value.ndjson', line: 3, field: 'payload.time', says: /Too big/i },
  { file: 'bad-process-rows.ndjson', line: 3, field: 'payload.upserts', says: /expected array/ },
  { file: 'time-goes-back.ndjson', line: 4, field: 't', says: /goes back in time/ },
  { file: 'unknown-stream.ndjson', line: 3, field: 'stream', says: /unknown stream "shell:exec"/ },
];

/** A header line plus `lines`, as a file's text (for the damaged files made at test time). */
const withHeader = (...lines: string[]): string =>
  `${fixture('bom.ndjson').replace('\uFEFF', '').split('\n')[0]}\n${lines.join('\n')}\n`;
const deep = (depth: number): string =>
  `{"t":1,"stream":"experiment:result","payload":${'{"x":'.repeat(depth)}1${'}'.repeat(depth)}}`;

function errorOf(text: string): SessionFileError {
  try {
    parseSession(text);
  } catch (error) {
    if (error instanceof SessionFileError) return error;
    throw error;
  }
  throw new Error('parseSession accepted the text');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lab-damaged-'));
  for (const name of await readdir(corpus)) await copyFile(join(corpus, name), join(dir, name));
  await writeFile(join(dir, 'deep.ndjson'), withHeader(deep(10_000)));
  // One 50 MB line, made here rather than committed.
  const padding = 'x'.repeat(50 * 1024 * 1024);
  await writeFile(
    join(dir, 'huge-line.ndjson'),
    withHeader(`{"t":1,"stream":"sample:cores","payload":{"pad":"${padding}"}}`),
  );
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('reading damaged session files', () => {
  it.each(REFUSED)('refuses $file at line $line, field $field', ({ file, line, field, says }) => {
    const error = errorOf(fixture(file));
    expect(error).toMatchObject({ line, field });
    expect(error.message).toMatch(new RegExp(`^line ${line}, field "${field}": `));
    expect(error.message).toMatch(says);
  });

  it('lists every damaged line, the first few by line and field', () => {
    const bad = '{"t":1,"stream":"sample:cores","payload":{}}';
    const error = errorOf(withHeader(bad, bad, bad, bad, bad));
    expect(error.problems.map((problem) => problem.line)).toEqual([2, 3, 4, 5, 6]);
    expect(error.message).toMatch(/^line 2, field "payload.time": .*; line 3, .*; line 4, .*/);
    expect(error.message).toMatch(/and 2 more damaged lines$/);
  });

  it('accepts a byte order mark at the start, silently', () => {
    const session = parseSession(fixture('bom.ndjson'));
    expect(session.records).toHaveLength(3);
    expect(session.warnings).toEqual([]);
  });

  it('skips a cut-off last line with a warning naming it', () => {
    const session = parseSession(fixture('truncated-tail.ndjson'));
    expect(session.records).toHaveLength(3);
    expect(session.interrupted).toBe(true);
    expect(session.warnings).toEqual([
      'line 5 is incomplete (the recording was cut off); it was skipped',
    ]);
  });

  it('refuses 10,000-deep nesting with its line and field, not a stack overflow', () => {
    const error = errorOf(withHeader(deep(10_000)));
    expect(error).toMatchObject({ line: 2 });
    expect(error.field).toMatch(/^payload\.x\.x\.x/);
    expect(error.message).toContain('nested more than 64 levels deep');
  });

  it('refuses a line over the size limit before parsing it', () => {
    const error = errorOf(withHeader(`{"t":1,"pad":"${'x'.repeat(9 * 1024 * 1024)}"}`));
    expect(error.message).toMatch(/^line 2: the line is 9 MiB long, more than the 8 MiB/);
  });
});

describe('concurrency-lab export of damaged files', () => {
  const oneLineError = (stderr: string): string => {
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at |TypeError|RangeError|Maximum call stack/);
    return lines[0] ?? '';
  };

  it.each(REFUSED)('refuses $file with one line naming line and field', ({ file, line, field }) => {
    const result = exportFile(file);
    expect(result.status).toBe(1);
    expect(oneLineError(result.stderr)).toMatch(
      new RegExp(`^concurrency-lab export: .*${file}: line ${line}, field "${field}": `),
    );
    expect(result.stdout).toBe('');
  });

  it.each([
    ['deep.ndjson', /line 2, field "payload\.x\.x\.x\.…": nested more than 64 levels deep/],
    ['huge-line.ndjson', /line 2: the line is 50 MiB long/],
  ])('refuses %s with one line', async (file, says) => {
    const result = exportFile(file, 'json');
    expect(result.status).toBe(1);
    expect(oneLineError(result.stderr)).toMatch(says);
    expect((await readdir(dir)).filter((name) => name.endsWith('.json'))).toEqual([]);
  });

  it('exports a file with a byte order mark', () => {
    const result = exportFile('bom.ndjson');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(join(dir, 'bom-cores.csv'));
  });

  it('exports a cut-off recording and warns about the skipped line', () => {
    const result = exportFile('truncated-tail.ndjson');
    expect(result.status).toBe(0);
    expect(result.stderr.trim()).toBe(
      `concurrency-lab export: warning: ${join(dir, 'truncated-tail.ndjson')}: line 5 is incomplete (the recording was cut off); it was skipped`,
    );
    expect(result.stdout.trim()).toBe(join(dir, 'truncated-tail-cores.csv'));
  });
});
