/**
 * The workloads and execution models an experiment combines, their names for people, and what
 * each model is (Python or Node, async, sequential). The words every other experiment file uses.
 */

/** What each task does. */
export const WORKLOADS = [
  'cpu',
  'timer',
  'file',
  'echo',
  'mixed',
  'event',
  'condition',
  'blocking',
] as const;
/** A workload's id. */
export type Workload = (typeof WORKLOADS)[number];

/** How the tasks are run. */
export const MODELS = [
  'node-sequential',
  'node-async',
  'node-worker-pool',
  'node-process-pool',
  'node-process-per-task',
  'node-thread-per-task',
  'python-sequential',
  'python-threads',
  'python-custom-pool',
  'python-processes',
  'python-asyncio',
  'python-selectors',
  'python-gevent',
] as const;
/** An execution model's id. */
export type Model = (typeof MODELS)[number];

/** How a pool is fed: wait for each task (`apply`) or submit all, close and join. */
export const SUBMIT_STYLES = ['apply-async', 'apply'] as const;
/** A pool submit style. */
export type SubmitStyle = (typeof SUBMIT_STYLES)[number];

/** Human names of the workloads, for menus and conclusions. */
export const WORKLOAD_LABELS: Record<Workload, string> = {
  cpu: 'CPU-bound (count primes)',
  timer: 'I/O-bound: timer waits',
  file: 'I/O-bound: file reads',
  echo: 'I/O-bound: loopback requests',
  mixed: 'Mixed: CPU + wait',
  event: 'Event: wait, then all released together',
  condition: 'Condition: wait, then notify_all (they leave one by one)',
  blocking: 'Blocking call: a synchronous sleep inside the task',
};

/** Models that run the event and condition workloads: Python threads blocked on one object. */
export const EVENT_MODELS: readonly Model[] = [
  'python-sequential',
  'python-threads',
  'python-custom-pool',
];

/** Human names of the models, for menus and conclusions. */
export const MODEL_LABELS: Record<Model, string> = {
  'node-sequential': 'Node: sequential (one thread)',
  'node-async': 'Node: async, one event loop',
  'node-worker-pool': 'Node: pool of worker threads',
  'node-process-pool': 'Node: pool of child processes',
  'node-process-per-task': 'Node: one process per task',
  'node-thread-per-task': 'Node: one thread per task',
  'python-sequential': 'Python: sequential',
  'python-threads': 'Python: ThreadPoolExecutor',
  'python-custom-pool': 'Python: hand-written thread pool (queue.Queue + threads)',
  'python-processes': 'Python: multiprocessing.Pool',
  'python-asyncio': 'Python: asyncio.gather + semaphore',
  'python-selectors': 'Python: one thread, many sockets (selectors/epoll)',
  'python-gevent': 'Python: gevent greenlets (monkey-patched)',
};

/** Workloads a one-thread selector loop can drive: sockets and timeouts, no CPU or file work. */
export const SELECTOR_WORKLOADS: readonly Workload[] = ['echo', 'timer'];

/** True for models that run in the Python interpreter. */
export function isPythonModel(model: Model): boolean {
  return model.startsWith('python-');
}

/** The sequential model of the same language: the baseline for speedup. */
export function baselineModelOf(model: Model): Model {
  return isPythonModel(model) ? 'python-sequential' : 'node-sequential';
}

/** True for models whose parallelism is the concurrency limit rather than a worker count. */
export function isAsyncModel(model: Model): boolean {
  return (
    model === 'node-async' ||
    model === 'python-asyncio' ||
    model === 'python-selectors' ||
    model === 'python-gevent'
  );
}

/** True for models with one thread of execution (workers and concurrency do not apply). */
export function isSequentialModel(model: Model): boolean {
  return model === 'node-sequential' || model === 'python-sequential';
}
