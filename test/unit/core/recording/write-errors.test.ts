import { spawnSync } from 'node:child_process';
import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsxLoaderUrl } from '../../../../src/core/paths';
import { createRecordingFeature } from '../../../../src/core/recording/recording-feature';
import type { RecordingState } from '../../../../src/shared/recording';
import { parseSession } from '../../../../src/shared/session-format';
import { labMessageText } from '../../../../src/renderer/src/lib/issue-text';
import { MISSING, requireMachine } from '../../support/machine';
import { uiTexts } from '../../support/ui-texts';
import { mountSmallDisk, type SmallDisk } from '../../support/tmpfs';

const cli = join(__dirname, '../../../../src/cli/index.ts');
const header = readFileSync(join(__dirname, '../../../fixtures/recordings/bom.ndjson'), 'utf8')
  .replace('\uFEFF', '')
  .split('\n')[0];
let work: string;
let disk: SmallDisk | null = null;
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', tsxLoaderUrl(), cli, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    cwd: work,
  });
/** The one line the CLI printed on stderr that is not progress; fails on a stack trace. */
const errorLine = (stderr: string, command: string): string => {
  expect(stderr).not.toMatch(/\n\s+at /);
  const lines = stderr.split('\n').filter((line) => line.startsWith(`concurrency-lab ${command}:`));
  expect(lines).toHaveLength(1);
  return lines[0] ?? '';
};
/** Empties the small disk. */
const emptyDisk = (small: SmallDisk): void => {
  for (const name of readdirSync(small.dir)) rmSync(join(small.dir, name), { recursive: true });
};

/** A session whose cores table is small and whose process table (600 rows) is not. */
function sessionWithBigProcessTable(): string {
  const cores = (t: number): string =>
    JSON.stringify({
      t,
      stream: 'sample:cores',
      payload: {
        time: 1_795_000_000_000 + t,
        monotonicMs: t,
        elapsedMs: 500,
        cores: [1, 2],
        total: 1.5,
      },
    });
  const row = (pid: number) => ({
    key: `${pid}:1`,
    pid,
    ppid: 1,
    name: `worker-${pid}`,
    command: `/usr/bin/some-long-command --with --many --arguments ${'x'.repeat(60)} ${pid}`,
    user: 'root',
    state: 'S',
    cpuPercent: 0.5,
    rssBytes: 1_000_000,
    threads: 1,
    voluntarySwitchesPerSec: 1,
    involuntarySwitchesPerSec: 0,
    startTime: 1_795_000_000_000,
    kernelThread: false,
    trackedBy: null,
    watched: false,
  });
  const processes = JSON.stringify({
    t: 100,
    stream: 'sample:processes',
    payload: {
      seq: 1,
      time: 1_795_000_000_100,
      monotonicMs: 100,
      elapsedMs: 1000,
      logicalCores: 2,
      full: true,
      upserts: Array.from({ length: 600 }, (_, index) => row(index + 2)),
      removed: [],
      totals: { processes: 600, threads: 600, kernelThreads: 0 },
      costMs: 1,
    },
  });
  return `${header}\n${cores(0)}\n${processes}\n${cores(500)}\n`;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lab-write-errors-'));
  if (MISSING.tmpfs === null) disk = mountSmallDisk(64);
});
afterAll(() => {
  disk?.unmount();
  rmSync(work, { recursive: true, force: true });
});

describe('recording onto a full disk', () => {
  it('recording:start reports the error in the state and leaves no empty file', async ({
    skip,
  }) => {
    requireMachine(skip, 'tmpfs');
    const small = disk as SmallDisk;
    emptyDisk(small);
    small.fill();
    const published: RecordingState[] = [];
    const feature = createRecordingFeature({
      emit: (_stream, payload) => published.push(payload as RecordingState),
      subscribe: () => () => {},
      systemInfo: async () => ({
        cpuModel: 'Test CPU',
        logicalCores: 2,
        physicalCores: 1,
        os: 'Linux',
        platform: 'linux',
        arch: 'x64',
        totalMemoryBytes: 1024,
        hostname: 'test',
      }),
      samplingState: () => ({ intervalMs: 500, paused: false }),
      snapshots: async () => [],
      directory: small.dir,
    });
    try {
      const state = await feature.handlers['recording:start']({});
      expect(state.active).toBe(false);
      expect(state.error).toMatch(
        /^cannot record to .*\.ndjson: no space left on the disk \(ENOSPC\)$/,
      );
      expect(published.at(-1)?.error).toBe(state.error);
      // The page words the same refusal in its language from what the lab said.
      expect(state.errorSaid).toEqual({
        key: 'cannotRecord',
        values: {
          path: expect.stringMatching(/\.ndjson$/),
          reason: {
            key: 'fsCoded',
            values: { words: { key: 'fsNoSpace', values: {} }, code: 'ENOSPC' },
          },
        },
      });
      expect(labMessageText(state.errorSaid!, uiTexts('zh-CN'))).toMatch(
        /^无法录制到 .*\.ndjson：磁盘空间已满（ENOSPC）$/,
      );
      expect(labMessageText(state.errorSaid!, uiTexts('en'))).toBe(state.error);
      expect(feature.handlers['recording:get-state']({})).toMatchObject({ active: false });
      expect(readdirSync(small.dir)).toEqual(['filler']);
    } finally {
      feature.dispose?.();
    }
  });

  it('a disk that fills mid-recording stops the CLI with one line and a non-zero exit', ({
    skip,
  }) => {
    requireMachine(skip, 'tmpfs');
    const small = disk as SmallDisk;
    emptyDisk(small);
    small.fill(8 * 1024); // room for the header, not for many seconds of samples
    const out = join(small.dir, 'cut-short.ndjson');
    const result = run('record', '--seconds', '20', '--interval', '100', '--out', out);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(errorLine(result.stderr, 'record')).toMatch(
      new RegExp(
        `^concurrency-lab record: recording stopped: cannot write ${out}: no space left on the disk \\(ENOSPC\\); the file keeps what was written before$`,
      ),
    );
    // The file was cut back to its last whole line: it reads cleanly.
    const session = parseSession(readFileSync(out, 'utf8'));
    expect(session.interrupted).toBe(false);
  });
});

describe('exports that cannot be written whole', () => {
  it('a CSV export that runs out of space leaves no CSV file at all', ({ skip }) => {
    requireMachine(skip, 'tmpfs');
    const small = disk as SmallDisk;
    emptyDisk(small);
    const input = join(work, 'big-table.ndjson');
    writeFileSync(input, sessionWithBigProcessTable());
    const result = run('export', input, '--format', 'csv', '--out', join(small.dir, 'table.csv'));
    expect(result.status).toBe(1);
    expect(errorLine(result.stderr, 'export')).toMatch(
      /^concurrency-lab export: cannot write .*table-processes\.csv: no space left on the disk \(ENOSPC\)$/,
    );
    expect(readdirSync(small.dir)).toEqual([]);
  });
});

describe('exports that would destroy or block on their input', () => {
  const input = (): string => {
    const path = join(work, 'keep-me.ndjson');
    writeFileSync(path, readFileSync(join(__dirname, '../../../fixtures/recordings/bom.ndjson')));
    return path;
  };

  it.each([
    ['the same path', (path: string) => path],
    [
      'a symlink to it',
      (path: string) => (symlinkSync(path, join(work, 'link.json')), join(work, 'link.json')),
    ],
    [
      'a hard link to it',
      (path: string) => (linkSync(path, join(work, 'hard.json')), join(work, 'hard.json')),
    ],
  ])('refuses --out that is the input (%s) and leaves the input as it was', (_name, outOf) => {
    const path = input();
    const before = readFileSync(path);
    const out = outOf(path);
    try {
      const result = run('export', path, '--format', 'json', '--out', out);
      expect(result.status).toBe(1);
      expect(errorLine(result.stderr, 'export')).toBe(
        `concurrency-lab export: ${out}: is the session file being exported (${path}); choose another output path`,
      );
      expect(readFileSync(path)).toEqual(before);
    } finally {
      if (out !== path) rmSync(out);
    }
  });

  it('refuses a FIFO as input at once instead of waiting on it forever', ({ skip }) => {
    requireMachine(skip, 'mkfifo');
    const fifo = join(work, 'pipe.ndjson');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // If the CLI opened the FIFO blocking, it would hang until this timeout kills it.
    const result = spawnSync(
      process.execPath,
      ['--import', tsxLoaderUrl(), cli, 'export', fifo, '--format', 'json'],
      { encoding: 'utf8', timeout: 20_000, cwd: work },
    );
    rmSync(fifo);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(1);
    expect(errorLine(result.stderr, 'export')).toBe(
      `concurrency-lab export: ${fifo}: is a FIFO (named pipe), not a session file; give the path of a recording`,
    );
  });

  it('refuses a device or a folder as input, and special files as output', ({ skip }) => {
    requireMachine(skip, 'mkfifo');
    expect(errorLine(run('export', '/dev/zero', '--format', 'csv').stderr, 'export')).toBe(
      'concurrency-lab export: /dev/zero: is a device, not a session file; give the path of a recording',
    );
    expect(errorLine(run('export', work, '--format', 'csv').stderr, 'export')).toBe(
      `concurrency-lab export: ${work}: is a folder, not a session file; give the path of a recording`,
    );
    const path = input();
    const folder = join(work, 'a-folder.json');
    mkdirSync(folder);
    const fifo = join(work, 'out-pipe.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    try {
      for (const [out, kind] of [
        [folder, 'a folder'],
        [fifo, 'a FIFO (named pipe)'],
      ]) {
        const result = run('export', path, '--format', 'json', '--out', out as string);
        expect(result.status).toBe(1);
        expect(errorLine(result.stderr, 'export')).toBe(
          `concurrency-lab export: ${out}: is ${kind}; an export can only replace a regular file`,
        );
      }
    } finally {
      rmSync(folder, { recursive: true });
      rmSync(fifo);
    }
  });
});
