import { Registry } from 'prom-client';
import type { ExperimentResult } from '../../shared/experiment-results';
import type { ProcessesSample } from '../../shared/sampling';
import type { LabService } from '../service';
import { registerFamily, withoutEmptyFamilies, type Sample } from './families';
import { LabReadings } from './lab-readings';
import { processStateName } from './process-states';
import {
  CPU_MODES,
  systemCountersReader,
  type SystemCounters,
  type SystemCountersReader,
} from './system-counters';

/** Every metric name starts with this. */
export const METRIC_PREFIX = 'concurrency_lab_';

/** The lab's metrics in Prometheus text format, computed at each scrape. */
export interface LabMetrics {
  /** The Content-Type of `render()`'s text. */
  readonly contentType: string;
  /** The exposition text; families the platform cannot read are left out. */
  render(): Promise<string>;
  /** Stops listening to the lab. */
  dispose(): void;
}

/** Options: replace the machine counters reader (tests fake a platform that lacks columns). */
export interface LabMetricsOptions {
  readSystem?: () => SystemCounters;
}

/**
 * The lab's readings as Prometheus metrics, on a registry of our own (never prom-client's
 * global one). Machine counters are read at the scrape (one /proc/stat read); the process
 * table, experiment results and IPC results are the lab's latest; watched threads' seconds
 * add up the sampler's splits. Nothing samples on its own between scrapes.
 */
export function createLabMetrics(service: LabService, options: LabMetricsOptions = {}): LabMetrics {
  const registry = new Registry();
  const readings = new LabReadings();
  const stopListening = service.onLocalStream(readings.listener);
  // The lab's own reader keeps /proc/stat open until dispose().
  const system: SystemCountersReader =
    options.readSystem === undefined
      ? systemCountersReader()
      : { read: options.readSystem, close: () => undefined };
  // One scrape reads everything once; the families then pick from it.
  let scrape: Scrape | null = null;
  const current = (): Scrape => scrape as Scrape;
  const family =
    (name: string, help: string, type: 'counter' | 'gauge' | 'summary') =>
    (read: (s: Scrape) => Sample[]): void =>
      registerFamily(registry, METRIC_PREFIX + name, help, type, () => read(current()));

  family(
    'cpu_seconds_total',
    'Seconds each logical core spent in each mode since boot.',
    'counter',
  )((s) =>
    s.system.cores.flatMap(({ cpu, seconds }) =>
      CPU_MODES.flatMap((mode) => {
        const value = seconds[mode];
        return value === undefined ? [] : [{ labels: { cpu, mode }, value }];
      }),
    ),
  );
  family(
    'context_switches_total',
    'Context switches on the machine since boot.',
    'counter',
  )((s) => one(s.system.contextSwitches));
  family(
    'processes',
    "Processes by state, from the lab's latest process table.",
    'gauge',
  )((s) => processesByState(s.processes));
  family(
    'threads',
    'Threads by state: running (or runnable), disk_sleep, other.',
    'gauge',
  )((s) => threadsByState(s.system, s.processes));
  family(
    'watched_thread_seconds_total',
    'Seconds a watched thread spent running, ready (waiting for a CPU) and blocked while watched.',
    'counter',
  )(() =>
    readings.watchedThreads().flatMap(({ pid, tid, name, ...seconds }) =>
      (['running', 'ready', 'blocked'] as const).map((state) => ({
        labels: { pid, tid, name, state },
        // Microseconds are plenty (the sampler's interval is 250 ms or more); fewer bytes.
        value: Math.round(seconds[state] * 1e6) / 1e6,
      })),
    ),
  );
  const experiment = (name: string, help: string, pick: (r: ExperimentResult) => number | null) =>
    family(
      `experiment_${name}`,
      help,
      'gauge',
    )((s) =>
      s.experiments.flatMap((result) => {
        const value = pick(result);
        const { model, workload } = result.params;
        return value === null ? [] : [{ labels: { model, workload }, value }];
      }),
    );
  experiment(
    'wall_seconds',
    'Wall time of the last run per model and workload.',
    (r) => r.wallMs / 1000,
  );
  experiment('cpu_seconds', 'CPU time (user + system) of the last run.', (r) => r.cpuMs / 1000);
  experiment(
    'cores_busy',
    'Cores the last run kept busy on average (CPU / wall).',
    (r) => r.coresBusy,
  );
  experiment(
    'speedup_ratio',
    "Baseline wall time / this run's, of the last run.",
    (r) => r.speedup,
  );
  experiment('workers', 'Parallel workers of the last run.', (r) => r.params.workers);
  registerIpcFamilies(family, readings);
  family(
    'lab_cpu_seconds_total',
    "CPU time of the lab's own process (all its threads).",
    'counter',
  )((s) => [
    { labels: { mode: 'user' }, value: s.labCpu.user / 1e6 },
    { labels: { mode: 'system' }, value: s.labCpu.system / 1e6 },
  ]);

  return {
    contentType: registry.contentType,
    render: async () => {
      // Kept until the next scrape replaces it: two scrapes at once both read fresh data.
      scrape = await readScrape(service, system.read);
      return withoutEmptyFamilies(await registry.metrics());
    },
    dispose: () => {
      stopListening();
      system.close();
    },
  };
}

/** Everything one scrape reads, once. */
interface Scrape {
  system: SystemCounters;
  /** Null before the lab's first table tick. */
  processes: ProcessesSample | null;
  experiments: ExperimentResult[];
  labCpu: NodeJS.CpuUsage;
}

async function readScrape(service: LabService, readSystem: () => SystemCounters): Promise<Scrape> {
  const [table, results] = await Promise.all([
    service.callLocal('processes:snapshot', {}),
    service.callLocal('experiment:list-results', {}),
  ]);
  const processes = table.ok ? (table.value as ProcessesSample) : null;
  return {
    system: readSystem(),
    processes: processes !== null && processes.seq > 0 ? processes : null,
    experiments: results.ok ? lastPerModelAndWorkload(results.value as ExperimentResult[]) : [],
    labCpu: process.cpuUsage(),
  };
}

/** The last successful result of each model × workload (results arrive oldest first). */
function lastPerModelAndWorkload(results: ExperimentResult[]): ExperimentResult[] {
  const last = new Map<string, ExperimentResult>();
  for (const result of results) {
    if (result.status === 'ok')
      last.set(`${result.params.model}/${result.params.workload}`, result);
  }
  return [...last.values()];
}

function one(value: number | null): Sample[] {
  return value === null ? [] : [{ value }];
}

function processesByState(table: ProcessesSample | null): Sample[] {
  if (table === null) return [];
  const counts = new Map<string, number>();
  for (const row of table.upserts) {
    const state = processStateName(row.state);
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  return [...counts].map(([state, value]) => ({ labels: { state }, value }));
}

/** From /proc/stat's runnable and D-state counts and the table's thread total. */
function threadsByState(system: SystemCounters, table: ProcessesSample | null): Sample[] {
  const total = table?.totals.threads ?? null;
  const { runnableThreads: running, uninterruptibleThreads: diskSleep } = system;
  const samples: Sample[] = [];
  if (running !== null) samples.push({ labels: { state: 'running' }, value: running });
  if (diskSleep !== null) samples.push({ labels: { state: 'disk_sleep' }, value: diskSleep });
  if (total !== null && running !== null && diskSleep !== null) {
    samples.push({ labels: { state: 'other' }, value: Math.max(0, total - running - diskSleep) });
  }
  return samples;
}

type FamilyMaker = (
  name: string,
  help: string,
  type: 'counter' | 'gauge' | 'summary',
) => (read: (s: Scrape) => Sample[]) => void;

/** IPC: throughput of the last run per mechanism and mode, round-trip latency as a summary. */
function registerIpcFamilies(family: FamilyMaker, readings: LabReadings): void {
  const labels = (run: { request: { mechanism: string; mode: string } }) => ({
    mechanism: run.request.mechanism,
    mode: run.request.mode,
  });
  family(
    'ipc_throughput_bytes_per_second',
    'Bytes per second of the last IPC run.',
    'gauge',
  )(() => readings.lastIpcRuns().map((run) => ({ labels: labels(run), value: run.bytesPerSec })));
  family(
    'ipc_throughput_messages_per_second',
    'Messages per second of the last IPC run.',
    'gauge',
  )(() =>
    readings.lastIpcRuns().map((run) => ({ labels: labels(run), value: run.messagesPerSec })),
  );
  family(
    'ipc_round_trip_latency_seconds',
    'Round-trip latency of the last round-trip IPC run per mechanism.',
    'summary',
  )(() =>
    readings.lastIpcRuns().flatMap(({ request, latency }) => {
      if (latency === null) return [];
      const mechanism = request.mechanism;
      const quantiles: [number, number][] = [
        [0.5, latency.p50Us],
        [0.9, latency.p90Us],
        [0.99, latency.p99Us],
      ];
      return [
        ...quantiles.map(([quantile, us]) => ({
          labels: { mechanism, quantile },
          value: us / 1e6,
        })),
        { labels: { mechanism }, value: (latency.meanUs * latency.count) / 1e6, suffix: '_sum' },
        { labels: { mechanism }, value: latency.count, suffix: '_count' },
      ] satisfies Sample[];
    }),
  );
}
