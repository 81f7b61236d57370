import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsxLoaderUrl } from '../../../src/core/paths';
import { parseSession } from '../../../src/shared/session-format';
import { traceProblems } from '../support/trace-checker';

const cli = join(__dirname, '../../../src/cli/index.ts');
let dir: string;
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', tsxLoaderUrl(), cli, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    cwd: dir,
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lab-cli-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('concurrency-lab record and export', () => {
  it('records a session, reports progress on stderr and the path on stdout', async () => {
    const result = run('record', '--seconds', '2', '--out', 'session.ndjson', '--interval', '100');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(join(dir, 'session.ndjson'));
    expect(result.stderr).toContain('recording 2 s');
    const session = parseSession(await readFile(join(dir, 'session.ndjson'), 'utf8'));
    expect(
      session.records.filter((r) => r.stream === 'sample:cores').length,
    ).toBeGreaterThanOrEqual(10);
  });

  it('never overwrites an existing file', () => {
    const again = run('record', '--seconds', '1', '--out', 'session.ndjson');
    expect(again.status, again.stderr).toBe(1);
    expect(again.stderr.trim()).toBe(
      `concurrency-lab record: ${join(dir, 'session.ndjson')} already exists (choose another --out)`,
    );
  });

  it('exports a Chrome trace that passes the format checks', async () => {
    const result = run('export', 'session.ndjson', '--format', 'trace');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(join(dir, 'session.trace.json'));
    const trace = JSON.parse(await readFile(join(dir, 'session.trace.json'), 'utf8'));
    expect(traceProblems(trace.traceEvents)).toEqual([]);
    expect(trace.traceEvents.some((e: { ph: string }) => e.ph === 'C')).toBe(true);
  });

  it('exports CSV tables and JSON to the given path', async () => {
    const csv = run('export', 'session.ndjson', '--format', 'csv', '--out', 'table.csv');
    expect(csv.status, csv.stderr).toBe(0);
    expect(csv.stdout).toContain(join(dir, 'table-cores.csv'));
    const cores = (await readFile(join(dir, 'table-cores.csv'), 'utf8')).split('\r\n');
    expect(cores[0]).toMatch(/^t_ms,time,cpu0_busy_percent,.*total_busy_percent$/);
    expect(cores.length).toBeGreaterThan(10);
    const json = run('export', 'session.ndjson', '--format', 'json', '--out', 'whole.json');
    expect(json.status, json.stderr).toBe(0);
    const whole = JSON.parse(await readFile(join(dir, 'whole.json'), 'utf8'));
    expect(whole.format).toBe('concurrency-lab-session-export');
    expect(whole.streams['sample:cores'].length).toBeGreaterThan(10);
  });

  it('fails with one line naming the line and field of a damaged file', async () => {
    await writeFile(
      join(dir, 'bad.ndjson'),
      `${(await readFile(join(dir, 'session.ndjson'), 'utf8')).split('\n')[0]}\n{"t":"soon","stream":"sample:cores","payload":{}}\n`,
    );
    const result = run('export', 'bad.ndjson', '--format', 'json');
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr.trim()).toBe(
      `concurrency-lab export: ${join(dir, 'bad.ndjson')}: line 2, field "t": must be a number of milliseconds`,
    );
    await writeFile(join(dir, 'empty.ndjson'), '');
    expect(run('export', 'empty.ndjson', '--format', 'csv').stderr).toContain(
      'line 1: the file is empty',
    );
  });

  it('explains bad usage', () => {
    expect(run('export', 'missing.ndjson', '--format', 'csv').stderr).toContain(
      'missing.ndjson: no such file',
    );
    expect(run('export', 'session.ndjson', '--format', 'pdf').stderr.trim()).toBe(
      'concurrency-lab export: --format must be one of csv, json, trace (got pdf)',
    );
    expect(run('record', '--seconds', '0', '--out', 'x.ndjson').stderr.trim()).toBe(
      'concurrency-lab record: --seconds must be a whole number from 1 to 86400 (got 0)',
    );
    expect(run('record', '--help').stdout).toContain('--seconds N --out FILE');
  });
});
