import { workerData } from 'node:worker_threads';
import { WorkerIo } from '../ipc/worker/worker-io';
import {
  pcPortConsumer,
  pcPortProducer,
  pcShmConsumer,
  pcShmProducer,
  racer,
} from '../ipc/worker/worker-demos';
import type { WorkerConfig, WorkerData } from '../ipc/protocol/ipc-worker-protocol';
import {
  portEcho,
  portProducer,
  shmClient,
  shmConsumer,
  shmEcho,
  shmProducer,
} from '../ipc/worker/worker-traffic';
import { pinThisThread } from '../os/affinity';
import { nameThisThread } from '../os/threads';

/**
 * Entry point of an IPC lab worker thread (bundle 'ipc-worker'): one end of a thread mechanism
 * (MessagePort, shared-memory ring), a race-demo racer or a producer–consumer thread. Its job is
 * its workerData's job.
 */

const { job: config, cpu } = workerData as WorkerData;
const io = new WorkerIo();

/** A short role name for the thread view, e.g. "shm-producer1" (nameThisThread cuts it to 15 bytes). */
function threadLabel(job: WorkerConfig): string {
  const index =
    'index' in job ? job.index : 'plan' in job && 'producer' in job.plan ? job.plan.producer : '';
  return `${job.role.replace(/^pc-/, '')}${index}`;
}

// Node names every thread "node"; naming this one lets the process view tell the roles apart.
nameThisThread(threadLabel(config));

async function main(): Promise<void> {
  if (cpu !== undefined) pinThisThread(cpu);
  switch (config.role) {
    case 'port-producer':
      return portProducer(io, config.port, config.plan, config.raw, config.window);
    case 'port-echo':
      return portEcho(io, config.port);
    case 'shm-producer':
      return shmProducer(io, config.ring, config.plan, config.raw);
    case 'shm-consumer':
      return shmConsumer(io, config.ring, config.producers, config.raw, config.size);
    case 'shm-client':
      return shmClient(io, config.request, config.response, config.plan, config.raw);
    case 'shm-echo':
      return shmEcho(io, config.request, config.response);
    case 'race':
      return racer(io, config.cells, config.mode, config.iterations, config.window);
    case 'pc-shm-producer':
      return pcShmProducer(io, config.queue, config.index, config.plan);
    case 'pc-shm-consumer':
      return pcShmConsumer(io, config.queue, config.index, config.plan);
    case 'pc-port-producer':
      return pcPortProducer(io, config.port, config.index, config.plan);
    case 'pc-port-consumer':
      return pcPortConsumer(io, config.port, config.index, config.plan);
  }
}

main().catch((error: unknown) => {
  io.post({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
  io.close();
});
