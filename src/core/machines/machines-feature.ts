import { randomBytes } from 'node:crypto';
import {
  LOCAL_MACHINE_ID,
  parseAgentUrl,
  type MachinesState,
  type MachineView,
} from '../../shared/machines';
import { LabError, labError, said, saidOf } from '../../shared/lab-messages';
import type { LabFeature, StreamEmitter } from '../feature';
import {
  defaultMachinesFile,
  loadMachines,
  saveMachines,
  type SavedMachine,
} from './machine-store';
import { RemoteLab, failureText } from './remote-lab';

/** Settings of the machine list. */
export interface MachinesOptions {
  /** Where the saved agents live (default: the user's config folder). */
  file?: string;
  /** Reconnect delays (tests shorten them). */
  backoff?: { initialMs: number; maxMs: number };
}

/** The machine channels, plus which remote the views are watching. */
export interface MachinesFeature extends LabFeature<
  'machine:list' | 'machine:add' | 'machine:remove' | 'machine:select'
> {
  /** The agent the views watch, or null while they watch this machine. */
  selectedRemote(): RemoteLab | null;
}

interface Remote {
  saved: SavedMachine;
  lab: RemoteLab;
}

/**
 * This machine and the saved agents. Every saved agent is kept connected (so the switcher shows
 * each one's status); only the selected one's streams reach the views, through `emitToViews`.
 * Tokens stay in here and in the 0600 file: `machine:state` carries names, URLs and status.
 */
export function createMachinesFeature(
  emitToViews: StreamEmitter,
  options: MachinesOptions = {},
): MachinesFeature {
  const file = options.file ?? defaultMachinesFile();
  const remotes = new Map<string, Remote>();
  let selectedId = LOCAL_MACHINE_ID;
  let problem: string | null = null;
  let loaded = false;
  // Saves run one after another, so an older list never lands after a newer one.
  let saving: Promise<void> = Promise.resolve();

  const state = (): MachinesState => ({
    machines: [
      {
        id: LOCAL_MACHINE_ID,
        name: 'This machine',
        url: 'local',
        status: 'connected',
        error: null,
      },
      ...[...remotes.values()].map(({ saved, lab }): MachineView => ({
        id: saved.id,
        name: saved.name,
        url: saved.url,
        status: lab.status,
        error: failureText(lab),
        ...(lab.failure !== null && { errorSaid: lab.failure }),
      })),
    ],
    selectedId,
    problem,
  });
  const publish = (): MachinesState => {
    const current = state();
    emitToViews('machine:state', current);
    return current;
  };

  const connect = (saved: SavedMachine): void => {
    const lab = new RemoteLab({
      url: saved.url,
      token: saved.token,
      backoff: options.backoff,
      onStream: (stream, payload) => {
        if (selectedId === saved.id) emitToViews(stream, payload);
      },
      onStatus: () => {
        if (remotes.has(saved.id)) publish();
      },
    });
    remotes.set(saved.id, { saved, lab });
  };

  const load = (): void => {
    if (loaded) return;
    loaded = true;
    const result = loadMachines(file);
    problem = result.problem;
    if (problem !== null) console.error(`concurrency-lab: ${problem}`);
    for (const saved of result.machines) {
      if (parseAgentUrl(saved.url) !== null) connect(saved);
    }
  };

  const save = async (): Promise<void> => {
    const list = [...remotes.values()].map(({ saved }) => saved);
    saving = saving.catch(() => undefined).then(() => saveMachines(file, list));
    await saving;
    problem = null;
  };

  const known = (id: string): void => {
    if (id !== LOCAL_MACHINE_ID && !remotes.has(id)) throw labError('noMachine', { id });
  };

  return {
    selectedRemote: () => remotes.get(selectedId)?.lab ?? null,
    start: load,
    dispose: async () => {
      for (const { lab } of remotes.values()) lab.close();
      remotes.clear();
      await saving.catch(() => undefined);
    },
    handlers: {
      'machine:list': () => (load(), state()),
      'machine:add': async ({ name, url, token }) => {
        load();
        const normalized = parseAgentUrl(url) as string; // the schema accepted it
        const same = [...remotes.values()].find(({ saved }) => saved.url === normalized);
        if (same !== undefined)
          throw labError('machineListed', { url: normalized, name: same.saved.name });
        const saved = { id: `m-${randomBytes(6).toString('hex')}`, name, url: normalized, token };
        connect(saved);
        try {
          await save();
        } catch (error) {
          remotes.get(saved.id)?.lab.close();
          remotes.delete(saved.id);
          const reason = saidOf(error) ?? (error as Error).message;
          throw new LabError(said('cannotSaveMachines', { reason }), { cause: error });
        }
        return publish();
      },
      'machine:remove': async ({ id }) => {
        load();
        if (id === LOCAL_MACHINE_ID) throw labError('thisMachineStays');
        known(id);
        remotes.get(id)?.lab.close();
        remotes.delete(id);
        if (selectedId === id) selectedId = LOCAL_MACHINE_ID;
        await save();
        return publish();
      },
      'machine:select': ({ id }) => {
        load();
        known(id);
        selectedId = id;
        return publish();
      },
    },
  };
}
