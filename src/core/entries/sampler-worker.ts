import { parentPort, workerData } from 'node:worker_threads';
import { nameThisThread } from '../os/threads';
import { LinuxProcessSampler } from '../sampling/linux-processes';
import type {
  FromSamplerWorker,
  SamplerWorkerData,
  ToSamplerWorker,
} from '../sampling/sampler-worker-protocol';

/**
 * Worker-thread entry of the Linux process sampler: the /proc reads (a few ms per tick, tens
 * on the first) happen here, so the thread serving the views is never held by them. Only
 * what changed crosses back.
 */
const port = parentPort;
if (port === null) throw new Error('sampler-worker must run as a worker thread');
const data = workerData as SamplerWorkerData | undefined;
nameThisThread('lab-sampler'); // so the lab's own sampler is easy to spot in the thread view
const sampler = new LinuxProcessSampler(data?.options ?? {});
// Read everything once now: the first tick opens every file and is the slow one.
sampler.sampleNow({ watchedPids: new Set(), trackedBy: new Map() });

port.on('message', (message: ToSamplerWorker) => {
  void answer(message).then((reply) => {
    port.postMessage(reply);
    if (message.type === 'close') port.close(); // nothing else keeps the thread alive
  });
});

async function answer(message: ToSamplerWorker): Promise<FromSamplerWorker> {
  try {
    switch (message.type) {
      case 'sample': {
        const marks = {
          watchedPids: new Set(message.watchedPids),
          trackedBy: new Map(message.trackedBy),
        };
        return { id: message.id, ok: true, value: await sampler.sample(marks) };
      }
      case 'lookup':
        return { id: message.id, ok: true, value: await sampler.lookup(message.pid) };
      case 'close':
        await sampler.close();
        return { id: message.id, ok: true, value: null };
    }
  } catch (error) {
    return {
      id: message.id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
