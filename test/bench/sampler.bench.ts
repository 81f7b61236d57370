import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pidusage from 'pidusage';
import si from 'systeminformation';
import { LinuxProcessSampler } from '../../src/core/sampling/linux-processes';
import { createSamplingFeature } from '../../src/core/sampling/sampling-feature';
import { createLabMetrics } from '../../src/core/metrics/lab-metrics';
import { appRoot } from '../../src/core/paths';
import { LabService } from '../../src/core/service';
import { TrackedProcesses } from '../../src/core/tracked-processes';
import { startLabServer } from '../../src/server/lab-server';

/**
 * What the live sampler costs, next to the libraries it replaces, in the same run:
 * - CPU ms per full sample (every process with status, plus the threads of 10 watched
 *   processes) with 500 extra idle processes alive, against systeminformation.processes()
 *   and pidusage over the same pids (self + reaped children's CPU: si forks ps and cat);
 * - the backend's own CPU while monitoring (cores every 100 ms, table every 1 s);
 * - CPU ms of the serving process per Prometheus scrape of /metrics, the client in another process.
 * Run alone: npx tsx test/bench/sampler.bench.ts → bench-results/sampler.json
 * BENCH_IDLE_SECONDS (default 60) sets the monitoring window; BENCH_SAMPLES (default 15) the
 * number of sampler ticks measured, one second apart like the real table interval;
 * BENCH_SCRAPES (default 30) the number of /metrics scrapes measured.
 */

const IDLE_SECONDS = Number(process.env['BENCH_IDLE_SECONDS'] ?? 60);
const SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 15);
const EXTRA_IDLE = 500;
const WATCHED = 10;
const SCRAPES = Number(process.env['BENCH_SCRAPES'] ?? 30);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU ms this process has used, plus the CPU of children it has reaped (ps, cat). */
function cpuMsWithChildren(): number {
  const { user, system } = process.cpuUsage();
  const fields = readFileSync('/proc/self/stat', 'latin1').split(') ')[1]?.split(' ') ?? [];
  const childTicks = Number(fields[13] ?? 0) + Number(fields[14] ?? 0); // cutime, cstime
  return (user + system) / 1000 + childTicks * 10;
}

/** Median and mean of a list of ms. */
function stats(values: number[]): { median: number; mean: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  return {
    median: round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    mean: round(values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length)),
    min: round(sorted[0] ?? 0),
    max: round(sorted.at(-1) ?? 0),
  };
}

/** The extra load: idle `sleep`s under one shell, and idle Node processes with 2 workers each. */
interface IdleLoad {
  shell: ChildProcess;
  watched: ChildProcess[];
}

const IDLE_NODE = `
const { Worker } = require('node:worker_threads');
for (let i = 0; i < 2; i++) new Worker('setInterval(() => {}, 1 << 30)', { eval: true });
setInterval(() => {}, 1 << 30);
`;

async function startLoad(): Promise<IdleLoad> {
  const sleeps = EXTRA_IDLE - WATCHED;
  const shell = spawn(
    'sh',
    ['-c', `i=0; while [ $i -lt ${sleeps} ]; do sleep 100000 & i=$((i+1)); done; wait`],
    {
      stdio: 'ignore',
    },
  );
  const watched = Array.from({ length: WATCHED }, () =>
    spawn(process.execPath, ['-e', IDLE_NODE], { stdio: 'ignore' }),
  );
  const shellChildren = (): number => childrenOf(shell.pid as number).length;
  for (let waited = 0; shellChildren() < sleeps && waited < 30_000; waited += 100) await sleep(100);
  await sleep(2000); // let the Node processes finish starting
  return { shell, watched };
}

/** Pids whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid)
        out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Ends the load: the sleeps one by one (the shell reaps them), then the shell and the Node processes. */
async function stopLoad(load: IdleLoad): Promise<void> {
  for (const pid of childrenOf(load.shell.pid as number)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const exits = [load.shell, ...load.watched].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(exits);
}

/** Our sampler in this thread: CPU ms per tick, one tick per second. */
async function measureOurs(watchedPids: number[], longIdleCheckEvery: number) {
  const sampler = new LinuxProcessSampler({ longIdleCheckEvery });
  const marks = { watchedPids: new Set(watchedPids), trackedBy: new Map<number, string>() };
  const c0 = cpuMsWithChildren();
  const first = sampler.sampleNow(marks);
  const firstMs = cpuMsWithChildren() - c0;
  // A few quick ticks first: the sampler learns which processes sleep (its steady state).
  for (let i = 0; i < 4; i += 1) {
    await sleep(100);
    sampler.sampleNow(marks);
  }
  const costs: number[] = [];
  let threads = 0;
  for (let i = 0; i < SAMPLES; i += 1) {
    await sleep(1000);
    const before = cpuMsWithChildren();
    const reading = sampler.sampleNow(marks);
    costs.push(cpuMsWithChildren() - before);
    threads = reading.threads.reduce((sum, watched) => sum + watched.threads.length, 0);
  }
  await sampler.close();
  return {
    firstSampleMs: firstMs,
    perSampleMs: stats(costs),
    processes: first.rows.length,
    watchedThreads: threads,
  };
}

/**
 * The simplest hand-written reader: every /proc/PID/stat kept open and re-read with readSync
 * (stat only, no parsing, no threads): the floor of reading every process each tick.
 */
async function measureHandReader(pids: number[]) {
  const fds = pids.flatMap((pid) => {
    try {
      return [openSync(`/proc/${pid}/stat`, 'r')];
    } catch {
      return [];
    }
  });
  const buffer = Buffer.alloc(4096);
  const costs: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    await sleep(1000);
    const before = cpuMsWithChildren();
    for (const fd of fds) {
      try {
        readSync(fd, buffer, 0, buffer.length, 0);
      } catch {
        // gone meanwhile
      }
    }
    costs.push(cpuMsWithChildren() - before);
  }
  for (const fd of fds) closeSync(fd);
  return stats(costs);
}

/** pidusage over every pid: CPU ms per call after a warm-up call (it keeps files open). */
async function measurePidusage(pids: number[]) {
  await pidusage(pids).catch(() => null);
  const costs: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    await sleep(1000);
    const before = cpuMsWithChildren();
    await pidusage(pids).catch(() => null);
    costs.push(cpuMsWithChildren() - before);
  }
  pidusage.clear();
  return stats(costs);
}

/** systeminformation.processes(): CPU ms per call, its ps and cat children included. */
async function measureSystemInformation() {
  const costs: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const before = cpuMsWithChildren();
    await si.processes();
    costs.push(cpuMsWithChildren() - before);
    await sleep(500);
  }
  return stats(costs);
}

/** This process's own CPU doing nothing (the runner, e.g. tsx's loader thread), % of one core. */
async function measureIdleProcess(seconds: number): Promise<number> {
  const c0 = cpuMsWithChildren();
  const t0 = performance.now();
  await sleep(seconds * 1000);
  return Math.round((1000 * (cpuMsWithChildren() - c0)) / (performance.now() - t0)) / 10;
}

/**
 * The whole sampling feature (worker thread included) monitoring, % of one core, less what
 * this process costs when idle (measured just before, as long).
 */
async function measureMonitoring(watchedPids: number[]) {
  const idleProcessPercent = await measureIdleProcess(IDLE_SECONDS);
  const tracked = new TrackedProcesses();
  tracked.set('bench', watchedPids);
  let bytes = 0;
  const tickCosts: number[] = [];
  const feature = createSamplingFeature((stream, payload) => {
    bytes += JSON.stringify(payload).length; // what a transport would serialize
    if (stream === 'sample:processes') tickCosts.push((payload as { costMs: number }).costMs);
  }, tracked);
  await feature.handlers['sampling:set-interval']({ intervalMs: 100 });
  feature.start?.();
  await sleep(3000); // worker start-up and the first full read are not "idle"
  const c0 = cpuMsWithChildren();
  const t0 = performance.now();
  const ticks0 = tickCosts.length;
  const bytes0 = bytes;
  await sleep(IDLE_SECONDS * 1000);
  const cpuMs = cpuMsWithChildren() - c0;
  const wallMs = performance.now() - t0;
  await feature.dispose?.();
  const measuredPercent = Math.round((1000 * cpuMs) / wallMs) / 10;
  return {
    seconds: Math.round(wallMs / 100) / 10,
    cpuMs: Math.round(cpuMs),
    measuredPercentOfOneCore: measuredPercent,
    idleProcessPercentOfOneCore: idleProcessPercent,
    percentOfOneCore: Math.round((measuredPercent - idleProcessPercent) * 10) / 10,
    tableTicks: tickCosts.length - ticks0,
    workerMsPerTableTick: stats(tickCosts.slice(ticks0)),
    streamedKiBPerSecond: Math.round(((bytes - bytes0) / 1.024 / wallMs) * 10) / 10,
  };
}

/** A scraper in its own process: one GET of /metrics per line on stdin, a line back when done. */
const SCRAPER = `
const http = require('node:http');
const [port, token] = process.argv.slice(1);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
require('node:readline').createInterface({ input: process.stdin }).on('line', () => {
  http.get({ host: '127.0.0.1', port, path: '/metrics', agent,
    headers: { Authorization: 'Bearer ' + token } }, (res) => {
    let bytes = 0;
    res.on('data', (c) => (bytes += c.length)).on('end', () => process.stdout.write(bytes + '\\n'));
  });
});`;

/**
 * CPU ms of the serving process per scrape of /metrics with the whole table loaded: first with
 * nothing watched (the target), then with the watched processes' threads counted too (a series
 * per thread and state: more bytes). The client is another process. Sampling is paused while
 * measuring: process.cpuUsage() counts every thread, and the sampler's worker would otherwise
 * land in some scrapes.
 */
async function measureScrape(watchedPids: number[]) {
  const service = new LabService();
  await service.call('sampling:set-table-interval', { intervalMs: 250 });
  service.start();
  const server = await startLabServer({ service });
  const metrics = createLabMetrics(service);
  const client = spawn(process.execPath, ['-e', SCRAPER, String(server.port), server.token], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let waiting: ((line: string) => void) | null = null;
  let pending = '';
  client.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const end = pending.indexOf('\n');
    if (end < 0 || waiting === null) return;
    const line = pending.slice(0, end);
    pending = pending.slice(end + 1);
    waiting(line);
  });
  const scrape = (): Promise<number> =>
    new Promise((resolve) => {
      waiting = (line) => ((waiting = null), resolve(Number(line)));
      client.stdin?.write('go\n');
    });
  const measure = async () => {
    await sleep(3000); // a full table, and a few thread splits for watched processes
    await service.call('sampling:pause', {});
    for (let i = 0; i < 5; i += 1) await scrape(); // warm-up: JIT, the keep-alive socket
    const costs: number[] = [];
    const renderCosts: number[] = [];
    let bytes = 0;
    for (let i = 0; i < SCRAPES; i += 1) {
      await sleep(50);
      const before = cpuMsWithChildren();
      bytes = await scrape();
      costs.push(cpuMsWithChildren() - before);
      const renderBefore = cpuMsWithChildren();
      await metrics.render();
      renderCosts.push(cpuMsWithChildren() - renderBefore);
    }
    const table = await service.call('processes:snapshot', {});
    await service.call('sampling:resume', {});
    return {
      processesInTable: table.ok ? (table.value as { upserts: unknown[] }).upserts.length : null,
      bytesPerScrape: bytes,
      cpuMsPerScrape: stats(costs),
      cpuMsPerRenderOnly: stats(renderCosts),
    };
  };
  try {
    const nothingWatched = await measure();
    for (const pid of watchedPids) await service.call('processes:watch', { pid });
    const watched = await measure();
    return { scrapes: SCRAPES, nothingWatched, watchedProcesses: watchedPids.length, watched };
  } finally {
    client.kill('SIGKILL');
    metrics.dispose();
    await server.close();
    await service.dispose();
  }
}

async function main(): Promise<void> {
  if (process.platform !== 'linux')
    throw new Error('the sampler benchmark reads /proc: Linux only');
  console.log(
    `starting ${EXTRA_IDLE} idle processes (${WATCHED} of them Node with 2 workers, watched)…`,
  );
  const load = await startLoad();
  try {
    const watchedPids = load.watched.map((child) => child.pid as number);
    const pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
    console.log(`${pids.length} processes alive; measuring ${SAMPLES} ticks, 1 s apart…`);
    const tiered = await measureOurs(watchedPids, 4);
    const everyTick = await measureOurs(watchedPids, 1);
    const handReaderMs = await measureHandReader(pids);
    const pidusageMs = await measurePidusage(pids);
    const siMs = await measureSystemInformation();
    console.log(`${SCRAPES} scrapes of /metrics…`);
    const scrape = await measureScrape(watchedPids);
    console.log(`monitoring for ${IDLE_SECONDS} s (cores every 100 ms, table every 1 s)…`);
    const monitoring = await measureMonitoring(watchedPids);
    const ours = tiered.perSampleMs.median;
    const report = {
      bench: 'sampler',
      date: new Date().toISOString(),
      machine: { cores: os.cpus().length, loadAverage: os.loadavg(), node: process.version },
      processes: tiered.processes,
      watchedProcesses: WATCHED,
      watchedThreads: tiered.watchedThreads,
      sampler: {
        cpuMsPerSample: tiered.perSampleMs,
        cpuMsPerSampleCheckingEveryProcessEveryTick: everyTick.perSampleMs,
        cpuMsFirstSample: Math.round(tiered.firstSampleMs * 10) / 10,
      },
      baselines: {
        handReaderStatOnlyCpuMsPerPass: handReaderMs,
        pidusageCpuMsPerCall: pidusageMs,
        systeminformationProcessesCpuMsPerCall: siMs,
      },
      ratios: {
        systeminformationOverOurs: Math.round(siMs.median / ours),
        pidusageOverOurs: Math.round((pidusageMs.median / ours) * 10) / 10,
        handReaderStatOnlyOverOurs: Math.round((handReaderMs.median / ours) * 10) / 10,
        pidusageOverOursCheckingEveryProcess:
          Math.round((pidusageMs.median / everyTick.perSampleMs.median) * 10) / 10,
      },
      monitoring,
      scrape,
      targets: {
        perSampleAtMost3Ms: ours <= 3,
        atLeast100xCheaperThanSysteminformation: siMs.median / ours >= 100,
        cheaperThanPidusage: ours < pidusageMs.median,
        monitoringUnder2PercentOfOneCore: monitoring.percentOfOneCore < 2,
        scrapeAtMost2Ms: scrape.nothingWatched.cpuMsPerScrape.median <= 2,
      },
    };
    console.log(JSON.stringify(report, null, 2));
    const dir = join(appRoot(), 'bench-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'sampler.json'), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await stopLoad(load);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
