import type { IpcPlacement } from '../../../shared/ipc-mechanisms';
import { allowedCpus, pinUnavailableReason } from '../../os/affinity';

/**
 * Where a run's two ends execute: the receiver is the runner, the consumer or the round-trip
 * client; the sender is the producers or the echo peer. On a VM, waking a thread
 * that sleeps on another core goes through the hypervisor (~60 µs here) while a switch on the
 * same core is a few µs, so a round trip with the scheduler choosing flips between the two from
 * run to run; pinning both ends makes it one or the other, on purpose. The pinning itself is the
 * OS layer's (pinThisThread); this file decides which cores a placement means.
 */
export interface RunCores {
  receiver?: number;
  sender?: number;
}

/** Null when `placement` can be honoured here, else why not (in the IPC form's words). */
export function placementUnavailableReason(placement: IpcPlacement): string | null {
  if (placement === 'any') return null;
  const unpinnable = pinUnavailableReason();
  // The OS layer's reason speaks of threads in general; the IPC form pins a run's ends.
  if (unpinnable !== null) return unpinnable.replace('pinning to cores', 'pinning ends to cores');
  const cpus = allowedCpus() ?? [];
  if (placement === 'split-cores' && cpus.length < 2) {
    return `split cores needs 2 CPUs; this process may use only ${cpus.length}`;
  }
  return null;
}

/** The cores of each end for a placement: the first one or two CPUs this process may use. */
export function coresFor(placement: IpcPlacement): RunCores {
  if (placement === 'any') return {};
  const [first, second] = allowedCpus() ?? [];
  if (first === undefined) return {};
  return { receiver: first, sender: placement === 'split-cores' ? second : first };
}
