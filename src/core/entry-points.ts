/**
 * Every file that is started as its own process or thread lives in src/core/entries/ and is
 * named after its bundle. This is the one list of them: paths.ts resolves them at run time and
 * electron.vite.config.ts makes each a bundle input, so this file imports nothing (the Vite
 * config loads it outside the app). A test checks the folder and the list agree.
 */
export const ENTRY_NAMES = [
  'experiment-host',
  'experiment-worker',
  'ipc-runner',
  'ipc-peer',
  'ipc-worker',
  'sampler-worker',
  'run-lanes-worker',
] as const;

/** An entry point's name, e.g. 'experiment-host'. */
export type EntryPointName = (typeof ENTRY_NAMES)[number];

/** The folder holding every child entry point, relative to the app root. */
export const ENTRIES_DIR = 'src/core/entries';

/** Bundle name → source path, relative to the app root. */
export const ENTRY_POINTS = Object.fromEntries(
  ENTRY_NAMES.map((name) => [name, `${ENTRIES_DIR}/${name}.ts`]),
) as Record<EntryPointName, string>;

/**
 * The lab's one native helper, the run-lane sampler: its C source, and where the build puts the
 * program (both relative to the app root). Without a C compiler it is not built, and the lanes
 * are read by the TypeScript sampler instead.
 */
export const LANE_SAMPLER = {
  source: 'src/native/lane-sampler.c',
  built: 'out/native/lane-sampler',
} as const;
