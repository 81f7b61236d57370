import { deferred, unlessStopped, type MechanismRun } from './context';
import { workerReady } from './messages';
import { endAll, startWorker, type LabWorker } from '../jobs/ends';
import { planFor } from '../wire/produce-plan';
import { createRing } from '../wire/shm-ring';
import type { WorkerMessage } from '../protocol/ipc-worker-protocol';
import type { TrafficMeter } from '../wire/traffic-meter';

/**
 * Shared memory guarded by semaphores: a SharedArrayBuffer ring of slots between threads, with
 * Atomics wait/notify semaphores (see shm-ring.ts). The consumer (or round-trip client) is a
 * thread of its own because it sleeps in Atomics.wait; it sends the runner meter deltas.
 */

/** Merges a worker's deltas into the meter; resolves with its 'done' report. */
function followWorker(lab: LabWorker, meter: TrafficMeter): Promise<number> {
  const done = deferred<number>();
  lab.worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'delta') meter.merge(message.delta);
    if (message.type === 'done') done.resolve(message.sent);
    if (message.type === 'failed') done.reject(new Error(`worker: ${message.error}`));
  });
  void lab.exited.then(() => done.reject(new Error('a shared-memory thread exited early')));
  return done.promise;
}

/** Runs for the shared-memory mechanism, by mode. */
export const sharedMemoryMechanism: { throughput: MechanismRun; roundTrip: MechanismRun } = {
  throughput: async (context) => {
    const { request, raw, meter, signal, cores } = context;
    const ring = createRing();
    const workers: LabWorker[] = [];
    try {
      const consumer = startWorker(
        { role: 'shm-consumer', ring, producers: request.producers, raw, size: request.sizeBytes },
        { name: 'ipc-shm-consumer', cpu: cores.receiver },
      );
      workers.push(consumer);
      const consumed = followWorker(consumer, meter);
      const producers: LabWorker[] = [];
      for (let i = 0; i < request.producers; i += 1) {
        const plan = planFor(i, request.producers, request);
        producers.push(
          startWorker(
            { role: 'shm-producer', ring, plan, raw },
            { name: `ipc-shm-producer-${i}`, cpu: cores.sender },
          ),
        );
      }
      workers.push(...producers);
      const produced = producers.map((lab) => followWorker(lab, meter));
      context.addThreads(workers.length);
      await unlessStopped(signal, Promise.all(workers.map(workerReady)));
      meter.markStart();
      for (const lab of producers) lab.worker.postMessage({ type: 'go' });
      const [, ...sent] = await unlessStopped(signal, Promise.all([consumed, ...produced]));
      meter.markFinish();
      meter.sent = sent.reduce((a, b) => a + b, 0);
    } finally {
      await endAll([], workers);
    }
  },
  roundTrip: async (context) => {
    const { request, raw, meter, signal, cores } = context;
    const workers: LabWorker[] = [];
    try {
      const clients: LabWorker[] = [];
      for (let i = 0; i < request.producers; i += 1) {
        const requestRing = createRing();
        const responseRing = createRing();
        workers.push(
          startWorker(
            { role: 'shm-echo', request: requestRing, response: responseRing },
            { name: `ipc-shm-echo-${i}`, cpu: cores.sender },
          ),
        );
        const plan = planFor(i, request.producers, request);
        clients.push(
          startWorker(
            { role: 'shm-client', request: requestRing, response: responseRing, plan, raw },
            { name: `ipc-shm-client-${i}`, cpu: cores.receiver },
          ),
        );
      }
      workers.push(...clients);
      const finished = clients.map((lab) => followWorker(lab, meter));
      context.addThreads(workers.length);
      await unlessStopped(signal, Promise.all(workers.map(workerReady)));
      meter.markStart();
      for (const lab of clients) lab.worker.postMessage({ type: 'go' });
      const sent = await unlessStopped(signal, Promise.all(finished));
      meter.markFinish();
      meter.sent = sent.reduce((a, b) => a + b, 0);
    } finally {
      await endAll([], workers);
    }
  },
};
