import type { ExperimentParamsInput } from '../../../../shared/experiment-params';

/**
 * Presets: the runs a lesson needs, queued in order. Each non-sequential run gets its
 * sequential baseline automatically (the lab adds it unless one is kept already).
 */

/** A preset's id. */
export type PresetId =
  | 'cpu-vs-io'
  | 'cpu-threads-vs-processes'
  | 'io-async-vs-threads'
  | 'python-gil'
  | 'python-io-multiplexing'
  | 'python-event-vs-condition'
  | 'too-many-threads'
  | 'blocking-event-loop';

/** A lesson: its name, what it shows, and its runs for a machine. */
export interface Preset {
  id: PresetId;
  label: string;
  /** What to look for, in one sentence. */
  lesson: string;
  needsPython: boolean;
  /** Free cores the lesson needs to show on this machine (fewer: a warning before it runs). */
  coresNeeded(cores: number): number;
  runs(cores: number, pythonAvailable: boolean): ExperimentParamsInput[];
}

const nodeCpu = { workload: 'cpu', tasks: 64, cpuSize: 200_000 } as const;
const pythonCpu = { workload: 'cpu', tasks: 32, cpuSize: 30_000 } as const;
const echo = { workload: 'echo', tasks: 200, latencyMs: 20 } as const;
const quickCpu = { workload: 'cpu', tasks: 32, cpuSize: 100_000 } as const;
const timer = { workload: 'timer', tasks: 32, latencyMs: 20 } as const;
/** 40 tasks of about 50 ms each: CPU work (roughly, machine to machine), a blocking sleep, a wait. */
const stall = { tasks: 40, latencyMs: 50, cpuSize: 400_000, concurrency: 40 } as const;
const all = (cores: number): number => cores;

/** Every preset, in menu order. */
export const PRESETS: readonly Preset[] = [
  {
    id: 'cpu-vs-io',
    label: 'CPU-bound vs I/O-bound',
    lesson:
      'The same four models on both kinds of work: threads and processes speed up counting primes, ' +
      'async does not; on waits, async with every task in flight wins and needs almost no CPU.',
    needsPython: false,
    coresNeeded: all,
    runs: (cores) =>
      [quickCpu, timer].flatMap((work) => [
        { ...work, model: 'node-sequential' as const },
        { ...work, model: 'node-async' as const, concurrency: work.tasks },
        { ...work, model: 'node-worker-pool' as const, workers: cores },
        { ...work, model: 'node-process-pool' as const, workers: cores },
      ]),
  },
  {
    id: 'cpu-threads-vs-processes',
    label: 'CPU-bound: threads vs processes',
    lesson:
      'Worker threads and processes spread CPU work over the cores; async on one event loop stays at one core.',
    needsPython: false,
    coresNeeded: all,
    runs: (cores) => [
      { ...nodeCpu, model: 'node-sequential' },
      { ...nodeCpu, model: 'node-async', concurrency: 64 },
      { ...nodeCpu, model: 'node-worker-pool', workers: cores },
      { ...nodeCpu, model: 'node-process-pool', workers: cores },
    ],
  },
  {
    id: 'io-async-vs-threads',
    label: 'I/O-bound: async vs threads',
    lesson:
      'Waiting needs no CPU: one event loop with 100 requests in flight beats a few threads, and many threads cost memory.',
    needsPython: false,
    // Waiting needs no CPU, but starting 32 workers does: one free core.
    coresNeeded: () => 1,
    runs: (cores, python) => [
      { ...echo, model: 'node-sequential' },
      { ...echo, model: 'node-async', concurrency: 100 },
      { ...echo, model: 'node-worker-pool', workers: cores },
      { ...echo, model: 'node-worker-pool', workers: 32 },
      ...(python
        ? ([
            { ...echo, model: 'python-threads', workers: 32 },
            { ...echo, model: 'python-asyncio', concurrency: 100 },
          ] as const)
        : []),
    ],
  },
  {
    id: 'python-gil',
    label: 'Python and the GIL',
    lesson:
      'Python threads keep about one core busy on CPU work (the GIL); processes use every core.',
    needsPython: true,
    coresNeeded: all,
    runs: (cores) => [
      { ...pythonCpu, model: 'python-sequential' },
      { ...pythonCpu, model: 'python-threads', workers: cores },
      { ...pythonCpu, model: 'python-threads', workers: 2 * cores },
      { ...pythonCpu, model: 'python-processes', workers: cores },
      { ...pythonCpu, model: 'python-asyncio', concurrency: 32 },
    ],
  },
  {
    id: 'python-io-multiplexing',
    label: 'I/O multiplexing: one thread, many sockets',
    lesson:
      'One Python thread with a selector (epoll) keeps 100 sockets in flight and the kernel says ' +
      'which are ready: as fast as 100 threads, without the 100 threads.',
    needsPython: true,
    // Waiting needs no CPU, but starting 100 threads does: one free core.
    coresNeeded: () => 1,
    runs: () => [
      { ...echo, model: 'python-sequential' },
      { ...echo, model: 'python-threads', workers: 100 },
      { ...echo, model: 'python-selectors', concurrency: 100 },
    ],
  },
  {
    id: 'python-event-vs-condition',
    label: 'Python: Event vs Condition',
    lesson:
      'Four threads wait, then are released. Event.set() lets them all run at once; ' +
      'Condition.notify_all() wakes them all too, but each must re-acquire the lock, so they ' +
      'leave one after another. Compare their lanes and the release spread.',
    needsPython: true,
    // Threads taking turns on one lock: one free core shows it.
    coresNeeded: () => 1,
    runs: () =>
      (['event', 'condition'] as const).map((workload) => ({
        workload,
        model: 'python-threads' as const,
        workers: 4,
        tasks: 16,
        cpuSize: 20_000,
        latencyMs: 500,
      })),
  },
  {
    id: 'too-many-threads',
    label: 'Too many threads',
    lesson: 'More threads than cores add no speed, only context switches and memory.',
    needsPython: false,
    coresNeeded: all,
    runs: (cores) => {
      const work = { workload: 'cpu', tasks: 128, cpuSize: 150_000 } as const;
      return [
        { ...work, model: 'node-worker-pool', workers: cores },
        { ...work, model: 'node-worker-pool', workers: 8 * cores },
        { ...work, model: 'node-worker-pool', workers: Math.min(256, 32 * cores) },
      ];
    },
  },
  {
    id: 'blocking-event-loop',
    label: 'Blocking the event loop',
    lesson:
      'The same async run three ways: CPU work or a blocking sleep in each task holds the one ' +
      'thread, so every other task stalls and the loop delay rises to the task time; an awaited ' +
      'wait lets all 40 tasks wait at once and the loop stays on time. Watch the task lanes.',
    needsPython: false,
    // One event loop: one free core.
    coresNeeded: () => 1,
    runs: () => [
      { ...stall, workload: 'cpu', model: 'node-async' },
      { ...stall, workload: 'blocking', model: 'node-async' },
      { ...stall, workload: 'timer', model: 'node-async' },
    ],
  },
];

/** The run the form shows after a preset is picked: its first pool run, else its first one. */
export function formRunOf(runs: readonly ExperimentParamsInput[]): ExperimentParamsInput | null {
  return runs.find((run) => run.workers !== undefined) ?? runs[0] ?? null;
}
