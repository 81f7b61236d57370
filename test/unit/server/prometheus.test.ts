import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireMachine, MISSING } from '../support/machine';
import { startAgent, tokenDir, type AgentProcess } from './agent-harness';

/**
 * Debian's real Prometheus scrapes two agents with a bearer token from a file, as the fleet
 * guide tells users to: one on this machine as it is, one whose /proc/stat is replaced (in its
 * own mount namespace) by the shorter format of kernels that report no iowait, irq, steal or
 * context switches. Prometheus's answers are checked against the kernel.
 */

const needs = ['linux', 'prometheus', 'taskset', 'mountNamespace'] as const;
const missing = needs.some((need) => MISSING[need] !== null);

let root = '';
let token: ReturnType<typeof tokenDir> | null = null;
let lab: AgentProcess | null = null;
let limited: AgentProcess | null = null;
let prometheus: ChildProcess | null = null;
let busy: ChildProcess | null = null;
let api = '';

/** A port nothing listens on right now (Prometheus wants a concrete one). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** An instant query; the result vector's [labels, value] pairs. */
async function query(promql: string, time?: number): Promise<[Record<string, string>, number][]> {
  const params = new URLSearchParams({ query: promql });
  if (time !== undefined) params.set('time', String(time));
  const response = await fetch(`${api}/api/v1/query?${params}`);
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  if (body.status !== 'success') throw new Error(`${promql}: ${body.error}`);
  return body.data.result.map(({ metric, value }) => [metric, Number(value[1])]);
}

/** /proc/stat as the oldest kernels wrote it: user nice system idle only, no ctxt line. */
function oldFormatStat(): string {
  const real = readFileSync('/proc/stat', 'latin1').split('\n');
  const cpuLines = real
    .filter((line) => line.startsWith('cpu'))
    .map((line) => line.trim().split(/\s+/).slice(0, 5).join(' '));
  return [...cpuLines, ...real.filter((line) => line.startsWith('btime'))].join('\n') + '\n';
}

/** Busy time (not idle, not iowait) and all time of one core from /proc/stat, in ticks. */
function kernelCore(cpu: number): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'latin1')
    .split('\n')
    .find((l) => l.startsWith(`cpu${cpu} `));
  const fields = (line ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}

beforeAll(async () => {
  if (missing) return;
  root = mkdtempSync(join(tmpdir(), 'lab-prometheus-'));
  token = tokenDir();
  const fakeStat = join(root, 'stat');
  writeFileSync(fakeStat, oldFormatStat());
  lab = await startAgent(['--port', '0', '--token-file', token.file]);
  limited = await startAgent(['--port', '0', '--token-file', token.file], {}, [
    'unshare',
    '--mount',
    '--propagation',
    'private',
    'sh',
    '-c',
    'mount --bind "$0" /proc/stat && exec "$@"',
    fakeStat,
  ]);
  const port = await freePort();
  const target = (job: string, agent: AgentProcess): string => `
  - job_name: ${job}
    authorization: { type: Bearer, credentials_file: ${token?.file} }
    static_configs: [{ targets: ['127.0.0.1:${agent.port}'] }]`;
  writeFileSync(
    join(root, 'prometheus.yml'),
    `global: { scrape_interval: 1s, scrape_timeout: 1s }\nscrape_configs:${target('lab', lab)}${target('limited', limited)}\n`,
  );
  prometheus = spawn(
    '/usr/bin/prometheus',
    [
      `--config.file=${join(root, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(root, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  api = `http://127.0.0.1:${port}`;
  // Two scrapes of each agent (up is written at every scrape, successful or not).
  for (let i = 0; i < 300; i += 1) {
    const scrapes = await query('count_over_time(up[1m]) and up == 1').catch(() => []);
    if (scrapes.length === 2 && scrapes.every(([, count]) => count >= 2)) return;
    await sleep(100);
  }
  throw new Error('Prometheus did not scrape both agents twice in 30 s');
}, 60_000);

afterAll(async () => {
  busy?.kill('SIGKILL');
  const ended = (child: ChildProcess | null): Promise<void> =>
    new Promise((resolve) => {
      if (child === null || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  await Promise.all([ended(prometheus), ended(busy), lab?.stop(), limited?.stop()]);
  token?.remove();
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

describe('a real Prometheus scraping the agent', () => {
  it('counts the logical cores the machine has', async ({ skip }) => {
    requireMachine(skip, ...needs);
    const [count] = await query(
      'count(count by (cpu) (concurrency_lab_cpu_seconds_total{job="lab"}))',
    );
    expect(count?.[1]).toBe(os.cpus().length);
  });

  it('shows a core kept busy by a pinned loop at the busy rate the kernel reports', async ({
    skip,
  }) => {
    requireMachine(skip, ...needs);
    const cpu = os.cpus().length - 1;
    busy = spawn('taskset', ['-c', String(cpu), process.execPath, '-e', 'for (;;) {}'], {
      stdio: 'ignore',
    });
    await sleep(1500);
    const windowS = 6;
    const before = kernelCore(cpu);
    await sleep(windowS * 1000);
    const after = kernelCore(cpu);
    const end = Date.now() / 1000;
    await sleep(1500); // the scrapes up to `end` are stored
    busy.kill('SIGKILL');
    const kernel = (after.busy - before.busy) / (after.total - before.total);
    const [rate] = await query(
      `sum by (cpu) (rate(concurrency_lab_cpu_seconds_total{job="lab",cpu="${cpu}",mode!~"idle|iowait"}[${windowS}s]))`,
      end,
    );
    const scraped = rate?.[1] ?? NaN;
    expect(Math.abs(scraped - kernel), `Prometheus ${scraped}, kernel ${kernel}`).toBeLessThan(
      0.05,
    );
    // The loop is pinned there: if the kernel saw the core busy, Prometheus must have too.
    if (kernel >= 0.95) expect(scraped).toBeGreaterThanOrEqual(0.9);
  }, 30_000);

  it('has no series at all for what the platform cannot read, rather than zeros', async ({
    skip,
  }) => {
    requireMachine(skip, ...needs);
    const series = async (promql: string): Promise<number> => (await query(promql)).length;
    const cores = os.cpus().length;
    expect(await series('concurrency_lab_cpu_seconds_total{job="limited",mode="user"}')).toBe(
      cores,
    );
    expect(await series('concurrency_lab_cpu_seconds_total{job="limited",mode="idle"}')).toBe(
      cores,
    );
    for (const mode of ['steal', 'iowait', 'irq']) {
      expect(await series(`concurrency_lab_cpu_seconds_total{job="limited",mode="${mode}"}`)).toBe(
        0,
      );
      expect(await series(`concurrency_lab_cpu_seconds_total{job="lab",mode="${mode}"}`)).toBe(
        cores,
      );
    }
    expect(await series('concurrency_lab_context_switches_total{job="limited"}')).toBe(0);
    expect(await series('concurrency_lab_context_switches_total{job="lab"}')).toBe(1);
    // Everything else the limited agent reads is still there.
    expect(await series('concurrency_lab_processes{job="limited"}')).toBeGreaterThan(0);
    expect(await series('concurrency_lab_lab_cpu_seconds_total{job="limited"}')).toBe(2);
  });
});
