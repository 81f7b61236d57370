/**
 * Every file that is started as its own process or thread, by bundle name → source path. The one
 * list of them: paths.ts resolves them at run time and electron.vite.config.ts makes each a bundle
 * input, so this file imports nothing (the Vite config loads it outside the app).
 */
export const ENTRY_POINTS = {
  'experiment-host': 'src/core/experiments/host.ts',
  'experiment-worker': 'src/core/experiments/worker-entry.ts',
  'ipc-runner': 'src/core/ipc/runner.ts',
  'ipc-peer': 'src/core/ipc/peer.ts',
  'ipc-worker': 'src/core/ipc/worker.ts',
  'sampler-worker': 'src/core/sampling/sampler-worker.ts',
} as const satisfies Record<string, string>;

/** An entry point's name, e.g. 'experiment-host'. */
export type EntryPointName = keyof typeof ENTRY_POINTS;
