import { z } from 'zod';
import type { LabMessage } from './lab-messages';
import { boundedInt } from './validation';

/**
 * Acting on a process, as htop does (F9 signals, F7/F8 nice, taskset): the requests of the
 * `process:*` channels and what they answer. The lab checks ownership and the machine's CPUs;
 * these schemas check only the shape, so a bad request is refused before any handler runs.
 */

/** The signals a learner may send, gentlest first (htop's F9 list, cut to what the lessons use). */
export const PROCESS_SIGNALS = ['SIGSTOP', 'SIGCONT', 'SIGINT', 'SIGTERM', 'SIGKILL'] as const;

/** One of PROCESS_SIGNALS. */
export type ProcessSignal = (typeof PROCESS_SIGNALS)[number];

/** The nice range on Linux: -20 (most favoured) to 19 (least). */
export const NICE_RANGE = { min: -20, max: 19 } as const;

/** Most CPUs a request may name (Linux's usual NR_CPUS); the lab then checks they are online. */
const MAX_CPU = 4095;

const pid = boundedInt('the process id', 1, 2 ** 31 - 1);

/** `process:signal`: send one of PROCESS_SIGNALS to a process. */
export const processSignalSchema = z
  .object({
    pid,
    signal: z.enum(PROCESS_SIGNALS, {
      error: (issue) =>
        `the signal must be one of ${PROCESS_SIGNALS.join(', ')} (got ${JSON.stringify(issue.input)?.slice(0, 40)})`,
    }),
  })
  .strict();

/** `process:renice`: set the nice value of every thread of a process. */
export const processReniceSchema = z
  .object({ pid, nice: boundedInt('nice', NICE_RANGE.min, NICE_RANGE.max) })
  .strict();

/** `process:affinity`: the CPUs every thread of a process may run on. */
export const processAffinitySchema = z
  .object({
    pid,
    cpus: z
      .array(boundedInt('a CPU number', 0, MAX_CPU), {
        error: 'cpus must be a list of CPU numbers',
      })
      .min(1, { error: 'choose at least one CPU' })
      .max(MAX_CPU + 1, { error: 'names more CPUs than a machine has' }),
  })
  .strict();

/** `process:get-settings`: what the action bar shows before acting. */
export const processSettingsSchema = z.object({ pid }).strict();

/** A process as the actions see it: read back from /proc after each action. */
export interface ProcessSettings {
  pid: number;
  name: string;
  /** State letter from /proc/PID/stat (R, S, D, T, Z…). */
  state: string;
  /** Nice value of the main thread. */
  nice: number;
  /** CPUs the main thread may run on. */
  cpus: number[];
  /** CPUs online on the machine, for the CPU checkboxes. */
  onlineCpus: number[];
  /** Why the lab will not act on it (another user's, the lab itself), or null when it will. */
  refused: string | null;
  /** `refused` as key and values, for the page to word in its language. */
  refusedSaid?: LabMessage;
}

/** What an action did, in plain words, and the process as it is afterwards. */
export interface ProcessActionResult {
  pid: number;
  name: string;
  /** "Sent SIGSTOP to sleep (PID 4242): its state is now T (stopped)." */
  message: string;
  /** `message` as key and values, for the page to word in its language. */
  said?: LabMessage;
  /** The process after the action; null when it has ended. */
  after: ProcessSettings | null;
}
