import os from 'node:os';
import si from 'systeminformation';
import type { SystemInfo } from '../shared/contract';
import type { LabFeature } from './feature';
import { osName } from './os/platform';

/** Reads machine facts once; systeminformation forks helpers, so the result is cached. */
export async function readSystemInfo(): Promise<SystemInfo> {
  const [cpu, osInfo] = await Promise.all([si.cpu(), si.osInfo()]);
  const cpus = os.cpus();
  return {
    cpuModel: cpu.brand ? `${cpu.manufacturer} ${cpu.brand}`.trim() : (cpus[0]?.model ?? 'unknown'),
    logicalCores: cpus.length,
    physicalCores: cpu.physicalCores > 0 ? cpu.physicalCores : null,
    os: [osInfo.distro, osInfo.release].filter(Boolean).join(' ') || os.type(),
    platform: osName(),
    arch: process.arch,
    totalMemoryBytes: os.totalmem(),
    hostname: os.hostname(),
  };
}

/** The `system:info` call, read lazily on first use and cached for the process's life. */
export function createSystemInfoFeature(): LabFeature<'system:info'> {
  let cached: Promise<SystemInfo> | undefined;
  return {
    handlers: {
      'system:info': () => {
        cached ??= readSystemInfo().catch((error: unknown) => {
          cached = undefined; // let the next call try again
          throw error;
        });
        return cached;
      },
    },
  };
}
