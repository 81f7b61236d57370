import type { HtopFigures } from './population';

/** The renderer benchmark's figures: one scenario's report, its targets, the console table. */

/** One scenario, exactly as measured. */
export interface Scenario {
  name: 'default' | 'stress';
  description: string;
  cpuIntervalMs: number;
  /** Idle processes added to those the machine has. */
  extraIdleProcesses: number;
  /** Threads of the watched process. */
  watchedThreads: number;
  /** Seconds between the two heap readings; null: from the first reading to the scenario's end. */
  heapSeconds: number | null;
}

/** `value` to `digits` decimals. */
export const round = (value: number, digits = 1): number =>
  Math.round(value * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentile of a list (0 for an empty one). */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** What runScenario measured, before rounding. */
export interface Measured {
  scenario: Scenario;
  seconds: number;
  /** Processes alive at the start and end of window A. */
  processes: { windowStart: number; windowEnd: number };
  /** threadsShownByPage: whether the thread panel shows it; null when the page has none. */
  watched: { pid: number; threads: number; threadsShownByPage: boolean | null };
  /** shownByPage: whether the page's sampling status names it; null when the page has none. */
  cpuInterval: { ms: number; shownByPage: boolean | null };
  renderer: {
    pid: number;
    renderersFound: number;
    percent: number;
    percentWithFrameLoop: number;
    /** % of a core by thread name (threads ended meanwhile missing). */
    byThread: Record<string, number>;
  };
  backendPercent: number;
  chromiumByType: Record<string, number>;
  longTasks: { count: number; maxMs: number; totalMs: number };
  frameIntervals: number[];
  elements: { atStart: number; atEnd: number; atHeapEnd: number };
  heap: { atStartMB: number; atEndMB: number; seconds: number };
  htop: HtopFigures;
}

/** True when every count of processes taken in a scenario is within 10 % of the first. */
function samePopulation(m: Measured): boolean {
  const counts = [m.processes.windowEnd, ...(m.htop.measured ? [m.htop.processes] : [])];
  return counts.every(
    (count) => Math.abs(count - m.processes.windowStart) <= 0.1 * m.processes.windowStart,
  );
}

/** One scenario's report, as written to the JSON. */
export function summarize(m: Measured) {
  const sorted = [...m.frameIntervals].sort((a, b) => a - b);
  const labPercent = m.backendPercent + m.renderer.percent;
  return {
    name: m.scenario.name,
    definition: m.scenario,
    seconds: round(m.seconds),
    processes: m.processes,
    watched: m.watched,
    cpuInterval: m.cpuInterval,
    renderer: {
      pid: m.renderer.pid,
      renderersFound: m.renderer.renderersFound,
      percentOfOneCore: round(m.renderer.percent, 2),
      percentOfOneCoreWhileFrameLoopRuns: round(m.renderer.percentWithFrameLoop, 2),
      percentOfOneCoreByThread: Object.fromEntries(
        Object.entries(m.renderer.byThread)
          .filter(([, percent]) => percent >= 0.01)
          .sort(([, a], [, b]) => b - a)
          .map(([name, percent]) => [name, round(percent, 2)]),
      ),
    },
    backend: { percentOfOneCore: round(m.backendPercent, 2) },
    lab: {
      percentOfOneCore: round(labPercent, 2),
      cpuMsPerSecond: round(labPercent * 10),
    },
    chromiumPercentOfOneCoreByProcessType: Object.fromEntries(
      Object.entries(m.chromiumByType).map(([type, percent]) => [type, round(percent, 2)]),
    ),
    longTasksOver50Ms: {
      count: m.longTasks.count,
      maxMs: round(m.longTasks.maxMs),
      totalMs: round(m.longTasks.totalMs),
    },
    frameIntervalMs: {
      frames: sorted.length,
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      max: round(sorted.at(-1) ?? 0),
    },
    elements: m.elements,
    heapAfterGcMB: {
      atStart: round(m.heap.atStartMB, 2),
      atEnd: round(m.heap.atEndMB, 2),
      seconds: round(m.heap.seconds),
      growth: round(m.heap.atEndMB - m.heap.atStartMB, 2),
    },
    /** False when other programs changed the process count by over 10 % between windows. */
    samePopulation: samePopulation(m),
    htop: m.htop.measured
      ? {
          ...m.htop,
          percentOfOneCore: round(m.htop.percentOfOneCore, 2),
          cpuMsPerSecond: round(m.htop.cpuMsPerSecond),
        }
      : m.htop,
  };
}

/** One scenario's report. */
export type ScenarioResult = ReturnType<typeof summarize>;

/** One boolean per target of the scenarios that ran. */
export function targetsOf(results: ScenarioResult[]): Record<string, boolean> {
  const targets: Record<string, boolean> = {};
  const normal = results.find((result) => result.name === 'default');
  if (normal) {
    targets['default:rendererAtMost3PercentOfOneCore'] = normal.renderer.percentOfOneCore <= 3;
    // Not measured is not met: without htop there is nothing to be cheaper than.
    targets['default:labCostsNoMoreThanHtop'] =
      normal.htop.measured && normal.lab.cpuMsPerSecond <= normal.htop.cpuMsPerSecond;
  }
  const stress = results.find((result) => result.name === 'stress');
  if (stress) {
    const { atStart, atHeapEnd } = stress.elements;
    targets['stress:rendererAtMost25PercentOfOneCore'] = stress.renderer.percentOfOneCore <= 25;
    targets['stress:noLongTaskOver50Ms'] = stress.longTasksOver50Ms.count === 0;
    targets['stress:frameIntervalP95AtMost20Ms'] =
      stress.frameIntervalMs.frames > 0 && stress.frameIntervalMs.p95 <= 20;
    // The span must really be two minutes (BENCH_RENDERER_HEAP_SECONDS can shorten it).
    targets['stress:heapGrowsAtMost5MBIn2Minutes'] =
      stress.heapAfterGcMB.seconds >= 119.5 && stress.heapAfterGcMB.growth <= 5;
    targets['stress:elementCountFlat'] = Math.abs(atHeapEnd - atStart) <= 0.05 * atStart;
  }
  return targets;
}

/** Prints the scenarios side by side, then the targets. */
export function printTable(results: ScenarioResult[], targets: Record<string, boolean>): void {
  const rows: [string, (r: ScenarioResult) => string][] = [
    [
      'processes / watched threads',
      (r) =>
        `${r.processes.windowStart} / ${r.watched.threads}` +
        (r.watched.threadsShownByPage === false ? ' (NOT shown by the page)' : ''),
    ],
    [
      'CPU interval',
      (r) =>
        `${r.cpuInterval.ms} ms` +
        (r.cpuInterval.shownByPage === false ? ' (NOT shown by the page)' : ''),
    ],
    ['renderer CPU, % of a core', (r) => `${r.renderer.percentOfOneCore}`],
    [
      '  … by thread',
      (r) =>
        Object.entries(r.renderer.percentOfOneCoreByThread)
          .map(([name, percent]) => `${name} ${percent}`)
          .join(', '),
    ],
    ['  … while the frame loop runs', (r) => `${r.renderer.percentOfOneCoreWhileFrameLoopRuns}`],
    ['backend CPU, % of a core', (r) => `${r.backend.percentOfOneCore}`],
    ['lab (backend + renderer), ms/s', (r) => `${r.lab.cpuMsPerSecond}`],
    ['htop -d 10, ms/s', (r) => (r.htop.measured ? `${r.htop.cpuMsPerSecond}` : 'not measured')],
    [
      'Chromium, other processes, %',
      (r) =>
        Object.entries(r.chromiumPercentOfOneCoreByProcessType)
          .filter(([type]) => type !== 'renderer')
          .map(([type, percent]) => `${type} ${percent}`)
          .join(', '),
    ],
    [
      'long tasks > 50 ms (max)',
      (r) => `${r.longTasksOver50Ms.count} (${r.longTasksOver50Ms.maxMs} ms)`,
    ],
    [
      'frame interval p50/p95/max',
      (r) => `${r.frameIntervalMs.p50} / ${r.frameIntervalMs.p95} / ${r.frameIntervalMs.max} ms`,
    ],
    [
      'elements start → end (→ heap end)',
      (r) => `${r.elements.atStart} → ${r.elements.atEnd} (→ ${r.elements.atHeapEnd})`,
    ],
    [
      'JS heap after GC, MB',
      (r) =>
        `${r.heapAfterGcMB.atStart} → ${r.heapAfterGcMB.atEnd} in ${r.heapAfterGcMB.seconds} s`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n${''.padEnd(width)} | ${results.map((r) => r.name.padEnd(36)).join(' | ')}`);
  for (const [label, pick] of rows) {
    console.log(`${label.padEnd(width)} | ${results.map((r) => pick(r).padEnd(36)).join(' | ')}`);
  }
  for (const r of results) {
    if (!r.htop.measured) console.log(`${r.name}: htop not measured: ${r.htop.reason}`);
    if (!r.samePopulation)
      console.log(
        `${r.name}: WARNING the process population changed by over 10 % during the scenario ` +
          `(other programs?): ${r.processes.windowStart}, ${r.processes.windowEnd}` +
          (r.htop.measured ? `, ${r.htop.processes} with htop` : ''),
      );
  }
  console.log('\ntargets:');
  for (const [target, met] of Object.entries(targets))
    console.log(`  ${met ? 'met   ' : 'MISSED'} ${target}`);
}
