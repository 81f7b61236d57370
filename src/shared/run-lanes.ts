import { z } from 'zod';
import type { LoopDelay, TaskTrace } from './task-lanes';
import { loopDelaySchema, taskTraceSchema } from './task-lanes-schema';

/**
 * A run's lanes: one per thread or process of an experiment run, saying slice by slice whether
 * it was running, ready (runnable, waiting for a CPU) or blocked, and on which core. The lab
 * samples the run's own threads (schedstat and stat field 39) many times a second; a result
 * keeps them compactly, one character per slice.
 */

/** Length of one slice, ms: what a result keeps and what the live panel draws. */
export const LANE_SLICE_MS = 50;

/** What a slice's character means. */
export const LANE_STATE_CHARS = {
  /** On a CPU for most of the slice. */
  running: 'R',
  /** Runnable but waiting for a CPU for most of the slice. */
  ready: 'W',
  /** Sleeping or waiting for I/O or a lock. */
  blocked: 'B',
  /** Not alive during the slice (not started yet, or exited). */
  absent: '-',
} as const;

/** One slice's state. */
export type LaneState = keyof typeof LANE_STATE_CHARS;

/** What kind of thread or process a lane is. */
export const LANE_KINDS = [
  'host',
  'worker-thread',
  'worker-process',
  'python-main',
  'python-thread',
  'python-process',
  'libuv',
  'other',
] as const;

/** What kind of thread or process a lane is. */
export type LaneKind = (typeof LANE_KINDS)[number];

/** One lane: who it is and what it did, one character per slice from the run's start. */
export interface Lane {
  /** Stable within a run: `${pid}:${tid}`. */
  id: string;
  pid: number;
  tid: number;
  /** The thread's name, e.g. 'cpu-w1', 'py-main', 'libuv-2', 'exp-host'. */
  name: string;
  kind: LaneKind;
  /** One LANE_STATE_CHARS character per slice. */
  states: string;
  /**
   * The core it ran on (or last sat on) per slice, one base-36 character ('0'–'9', 'a'–'z':
   * cores 0–35); '.' where unknown, '+' for core 36 or above.
   */
  cores: string;
  /** Its context switches over the run (voluntary + involuntary), or null if unreadable. */
  contextSwitches: number | null;
  /**
   * Python threads only, when the workload beats: its exact turns holding the GIL, [start,
   * end] ms from slice 0, from heartbeats it can only record while holding it. In results only.
   */
  turns?: [number, number][];
}

/** Tasks a worker had completed by a slice (from the host's progress reports). */
export interface LaneTasks {
  /** The worker's name, as in its lane and in WorkerProgress. */
  name: string;
  /** [slice index, tasks done by then] pairs, increasing. */
  points: [number, number][];
}

/** A run's lanes, live (growing) or kept with its result. */
export interface RunLanes {
  runId: string;
  sliceMs: number;
  /** Wall-clock time of slice 0, ms since the epoch. */
  startedAt: number;
  lanes: Lane[];
  tasks: LaneTasks[];
  /**
   * Share (0..1) of the run's time during which two or more of its threads or processes ran at
   * once: per slice, the running time summed over its lanes beyond one slice's length, capped at
   * one slice. For a finished run it covers the measured interval (the one its wall time and
   * cores busy cover), not the workers' start-up. Python threads under the GIL take turns, so
   * it stays near 0 for them.
   */
  overlapShare: number;
  /** Where the interpreter has no GIL (sys._is_gil_enabled() false), true; null off Python. */
  gilDisabled: boolean | null;
  /** How many samples per second the lanes were built from (≥ 20 when the machine keeps up). */
  samplesPerSec: number;
  /** Async runs only (Node async, asyncio, gevent): the tasks' turns on their thread. */
  taskTrace?: TaskTrace | null;
  /** Async runs only: the event loop's delay over the whole run. */
  loopDelay?: LoopDelay | null;
}

/** Pushed on 'experiment:lanes' while a run goes: the slices added since the last update. */
export interface RunLanesUpdate {
  runId: string;
  sliceMs: number;
  startedAt: number;
  /** Index of the first slice in each lane's `states`/`cores` here. */
  fromSlice: number;
  /** Every lane alive or seen so far; `states`/`cores` hold only slices from `fromSlice` on. */
  lanes: Lane[];
  /** Tasks done per worker at the end of this update. */
  tasks: { name: string; done: number }[];
  /** Cores the run kept busy over the last update. */
  coresBusyNow: number;
  overlapShare: number;
  /** Async runs only: the event loop's delay over the last second or so. */
  loopDelay?: LoopDelay | null;
}

const laneSchema = z
  .object({
    id: z.string().max(40),
    pid: z.number().int().nonnegative(),
    tid: z.number().int().nonnegative(),
    name: z.string().max(64),
    kind: z.enum(LANE_KINDS),
    states: z.string().max(200_000),
    cores: z.string().max(200_000),
    contextSwitches: z.number().nonnegative().nullable(),
    turns: z
      .array(z.tuple([z.number(), z.number()]))
      .max(20_000)
      .optional(),
  })
  .loose();

/** The schema of a kept RunLanes (recordings are checked against it when read). */
export const runLanesSchema = z
  .object({
    runId: z.string().max(64),
    sliceMs: z.number().positive(),
    startedAt: z.number(),
    lanes: z.array(laneSchema).max(2048),
    tasks: z
      .array(
        z.object({
          name: z.string().max(64),
          points: z.array(z.tuple([z.number(), z.number()])).max(200_000),
        }),
      )
      .max(2048),
    overlapShare: z.number().min(0).max(1),
    gilDisabled: z.boolean().nullable(),
    samplesPerSec: z.number().nonnegative(),
    taskTrace: taskTraceSchema.nullable().optional(),
    loopDelay: loopDelaySchema.nullable().optional(),
  })
  .loose();

/** The schema of an 'experiment:lanes' payload. */
export const runLanesUpdateSchema = z
  .object({
    runId: z.string().max(64),
    sliceMs: z.number().positive(),
    startedAt: z.number(),
    fromSlice: z.number().int().nonnegative(),
    lanes: z.array(laneSchema).max(2048),
    tasks: z
      .array(z.object({ name: z.string().max(64), done: z.number().nonnegative() }))
      .max(2048),
    coresBusyNow: z.number().nonnegative(),
    overlapShare: z.number().min(0).max(1),
    loopDelay: loopDelaySchema.nullable().optional(),
  })
  .loose();

/** A core number as one lane character ('.' unknown). */
export function coreChar(core: number | null): string {
  if (core === null || core < 0) return '.';
  return core < 36 ? core.toString(36) : '+';
}

/** A lane character back to a core number (null for unknown; 36 for '+'). */
export function coreOfChar(char: string): number | null {
  if (char === '.' || char === '') return null;
  if (char === '+') return 36;
  const core = parseInt(char, 36);
  return Number.isNaN(core) ? null : core;
}

/** A lane character back to its state. */
export function stateOfChar(char: string): LaneState {
  if (char === LANE_STATE_CHARS.running) return 'running';
  if (char === LANE_STATE_CHARS.ready) return 'ready';
  if (char === LANE_STATE_CHARS.blocked) return 'blocked';
  return 'absent';
}
