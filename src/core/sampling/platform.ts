import { capabilities, detect } from '../os/platform';
import { CpuTimesSystemSampler } from './generic-system';
import { GenericProcessSampler } from './generic-processes';
import { LinuxProcessSampler, type LinuxProcessSamplerOptions } from './linux-processes';
import { LinuxSystemSampler } from './linux-system';
import type { ProcessSampler, SystemSampler } from './sampler-types';
import { WorkerProcessSampler } from './worker-process-sampler';

/**
 * The one place that picks the sampler's per-OS code, by what the OS layer says the OS has:
 * with /proc (Linux) it is read directly (no subprocess); every other OS uses
 * systeminformation + pidusage and reports what they cannot give as null.
 */

/** Which family of readers an OS gets. */
export type PlatformKind = 'linux' | 'generic';

/** The reader family for this OS, or for `platform` (tests ask about other OSes). */
export function platformKind(platform?: NodeJS.Platform): PlatformKind {
  const has = platform === undefined ? capabilities() : detect(platform);
  return has.hasProcfs ? 'linux' : 'generic';
}

/** System-wide readings (cores split by kind of work, memory, load) for an OS. */
export function createSystemSampler(kind: PlatformKind = platformKind()): SystemSampler {
  return kind === 'linux' ? new LinuxSystemSampler() : new CpuTimesSystemSampler();
}

/** Where the Linux process sampler runs. */
export type SamplerThread = 'worker' | 'same-thread';

/** Options for the process sampler. */
export interface ProcessSamplerChoice {
  kind?: PlatformKind;
  /** Linux only: a worker thread by default, so /proc reads never hold the serving thread. */
  thread?: SamplerThread;
  linux?: LinuxProcessSamplerOptions;
}

/** The process table reader for an OS. */
export function createProcessSampler(choice: ProcessSamplerChoice = {}): ProcessSampler {
  const kind = choice.kind ?? platformKind();
  if (kind === 'generic') return new GenericProcessSampler();
  return choice.thread === 'same-thread'
    ? new LinuxProcessSampler(choice.linux)
    : new WorkerProcessSampler(choice.linux);
}
