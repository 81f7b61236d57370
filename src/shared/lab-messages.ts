/**
 * The sentences the lab itself says (refusals, failures, results), as English templates with
 * {{placeholders}}. The lab, its server and its CLI speak English; a refusal also carries its key
 * and values (`said`) so the page can say the same sentence in the reader's language.
 */

/** Every sentence the lab may say to a learner, by key; the page translates each key. */
export const LAB_MESSAGES = {
  noProcess: 'no process with PID {{pid}}',
  noProcessMayHaveEnded: 'no process with pid {{pid}} (it may have ended)',
  needsProcfs: 'acting on processes needs Linux /proc',
  kernelThread: 'PID {{pid}} ({{name}}) is a kernel thread; the lab acts only on programs',
  labItself: 'PID {{pid}} ({{name}}) is the lab itself; killing itself is not a lesson',
  labPage: "PID {{pid}} ({{name}}) shows the lab's own page; the lab does not act on itself",
  labAncestor:
    'PID {{pid}} ({{name}}) is one of the programs the lab runs under; the lab does not act on them',
  otherUser: "PID {{pid}} belongs to {{user}}; the lab acts only on its own user's processes",
  alreadyEnded: 'PID {{pid}} ({{name}}) has already ended',
  signalSent: 'Sent {{signal}} to {{name}} (PID {{pid}}): {{now}}.',
  signalEnded: 'it has ended',
  stateNow: 'its state is now {{state}} ({{words}})',
  stateR: 'running or ready',
  stateS: 'sleeping',
  stateD: 'waiting for I/O',
  stateT: 'stopped',
  stateTraced: 'stopped by a debugger',
  stateZ: 'a zombie: ended, waiting for its parent',
  stateI: 'idle',
  stateOther: 'see proc(5)',
  reniced: 'Nice of {{name}} (PID {{pid}}) is now {{nice}} (was {{before}}), on {{threads}}.',
  unknown: 'unknown',
  oneThread: 'its one thread',
  allThreads: 'all {{n}} of its threads',
  affinityOne: '{{name}} (PID {{pid}}) may now run only on CPU {{cpus}}, on {{threads}}.',
  affinityMany: '{{name}} (PID {{pid}}) may now run only on CPUs {{cpus}}, on {{threads}}.',
  cpuOffline: 'CPU {{cpus}} is not online here (online: {{online}})',
  sendSignal: 'send {{signal}} to PID {{pid}}',
  setNice: 'set nice {{nice}} on PID {{pid}}',
  osEnded: 'could not {{what}}: that process has ended',
  osDenied: 'the OS did not allow the lab to {{what}}: permission denied',
  osDeniedNice:
    'the OS did not allow the lab to {{what}}: permission denied (only root, or a program with CAP_SYS_NICE, may lower nice below its current value)',
  osFailed: 'could not {{what}}: {{reason}}',
  affinityRefused:
    'the OS refused to move PID {{pid}} to CPU {{cpus}} (a cgroup may keep it on other CPUs)',
  watchLimit: 'at most {{max}} processes can be watched at once; unwatch one first',
  labShuttingDown: 'the lab is shutting down',
  runRefused: 'run {{run}}: {{why}}',
  memoryRefused:
    '{{model}} with {{workers}} workers needs about {{needed}} GiB of memory, but only {{available}} GiB is available (runs may use {{share}}% of it); use fewer workers',
  queueFull:
    'the queue already holds {{queued}} runs and this would add {{adding}} (baselines included), more than the {{cap}} allowed; wait for some to finish or stop them',
  pythonUnavailable: 'Python is not available',
  ipcBusyRun: 'an IPC mechanism run is already running; stop it before starting another',
  ipcBusyProducerConsumer:
    'an IPC producer–consumer run is already running; stop it before starting another',
  ipcBusyCompare: 'an IPC comparison is already running; stop it before starting another',
  ipcBusyRace: 'an IPC race demo is already running; stop it before starting another',
  ipcStoppedBeforeStart: 'the IPC job was stopped before it started',
  alreadyRecording: 'already recording to {{path}}',
  nothingToExport: 'nothing to export yet: record a session first',
  nothingToReplay: 'nothing to replay yet: record a session first',
  replayTooLarge:
    '{{path}} is {{mib}} MiB, too large to send to the page: open it with "Open recording…"',
  cannotRecord: 'cannot record to {{path}}: {{reason}}',
  cannotWrite: 'cannot write {{path}}: {{reason}}',
  recordingStopped:
    'recording stopped: cannot write {{path}}: {{reason}}; the file keeps what was written before',
  fsCoded: '{{words}} ({{code}})',
  fsNoSpace: 'no space left on the disk',
  fsQuota: 'the disk quota is used up',
  fsReadOnly: 'the file system is read-only',
  fsDenied: 'permission denied',
  fsNoEntry: 'no such file or folder',
  fsIsFolder: 'it is a folder',
  fsIo: 'the disk reported an I/O error',
  noProcessTableRecorded: 'no process table recorded yet',
  geventMissing: 'gevent is not installed for {{python}}: on Debian, apt install python3-gevent',
  thisPython: 'this Python',
  noMachine: 'no machine with id {{id}}',
  machineListed: '{{url}} is already in the list as {{name}}',
  cannotSaveMachines: 'cannot save the machine list: {{reason}}',
  thisMachineStays: 'this machine is always in the list',
  machineNotConnected: 'the machine is not connected ({{why}})',
  stillConnecting: 'still connecting',
  machineBusy: 'too many calls waiting for the machine',
  machineNoAnswer: 'the machine did not answer in {{seconds}} s',
  machineRemoved: 'the machine was removed',
  machineLost: 'lost the machine: {{reason}}',
  agentClosed: 'the agent closed the connection (code {{code}})',
  agentRefusedToken: 'the agent refused the token',
  agentRefusedHost: 'the agent refused this host name (start it with --allow-host)',
  agentRefusedOrigin: 'the agent refused the connection (origin)',
  agentHttp: 'the agent answered HTTP {{status}}',
  agentUnreachableRefused: 'unreachable: connection refused (is the agent running?)',
  agentUnreachableNoAnswer: 'unreachable: no answer in time',
  agentUnreachable: 'unreachable: {{detail}}',
  pythonNotOnPath: 'Python not usable at {{path}}: not found on PATH.',
  pythonNoFile: 'Python not usable at {{path}}: no such file. The Node models still work.',
  pythonNotRun: 'Python at {{path}} was not run: {{why}}.',
  pythonNotUsable: 'Python not usable at {{path}}: {{why}}. The Node models still work.',
  pythonTooOld: 'Python at {{path}} is {{version}}; the Python models need {{needed}} or newer.',
  probeNotExecutable: 'not executable',
  runHung: 'the run did not finish within {{ms}} ms',
  cannotRunHere: '{{mechanism}} cannot run here: {{reason}}',
  cannotPlaceEnds: 'cannot place the ends: {{problem}}',
  peerFailed: 'peer {{pid}}: {{error}}',
  peerExited: 'peer {{pid}} exited ({{how}})',
  peerNotStarted: 'could not start an IPC peer process',
  checksumDiffers: 'the checksum of the items consumed differs from that of the items produced',
  pythonNotFound:
    'No python3 {{needed}}+ found (looked for {{candidates}}). Set its path to run the Python models; the Node models work without it.',
} as const;

/** The key of one of the lab's sentences. */
export type LabMessageKey = keyof typeof LAB_MESSAGES;

/** A value filled into a sentence: a number, a name, or a smaller sentence of the lab's. */
export type LabMessageValue = string | number | LabMessage;

/** One sentence the lab said, as a key and its values, so any language can word it. */
export interface LabMessage {
  key: LabMessageKey;
  values: Record<string, LabMessageValue>;
}

/** Builds a LabMessage (values default to none). */
export function said(key: LabMessageKey, values: LabMessage['values'] = {}): LabMessage {
  return { key, values };
}

/**
 * Fills in a sentence with `word` for each key (English by default); nested sentences first.
 * A placeholder without a value stays as written, so a missing value shows rather than vanishes.
 */
export function formatLabMessage(
  message: LabMessage,
  word: (key: LabMessageKey, values: Record<string, string>) => string = english,
): string {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.values)) {
    values[name] = typeof value === 'object' ? formatLabMessage(value, word) : String(value);
  }
  return word(message.key, values);
}

function english(key: LabMessageKey, values: Record<string, string>): string {
  return LAB_MESSAGES[key].replace(
    /\{\{(\w+)\}\}/g,
    (whole, name: string) => values[name] ?? whole,
  );
}

/** An error whose message is the lab's English sentence and which carries what was said. */
export class LabError extends Error {
  override readonly name = 'LabError';

  constructor(
    readonly said: LabMessage,
    options?: { cause?: unknown },
  ) {
    super(formatLabMessage(said), options);
  }
}

/** Throws-ready LabError for `key` with `values`. */
export function labError(key: LabMessageKey, values: LabMessage['values'] = {}): LabError {
  return new LabError(said(key, values));
}

/** A result's `error` and, when the lab said it as a sentence, its `errorSaid`. */
export function errorFields(error: LabMessage | string): { error: string; errorSaid?: LabMessage } {
  return typeof error === 'string'
    ? { error }
    : { error: formatLabMessage(error), errorSaid: error };
}

/** Longest text value a message may carry across a transport (paths, names). */
const MAX_VALUE_CHARS = 300;
/** Most values one message carries; deepest nesting of sentences. */
const MAX_VALUES = 12;
const MAX_DEPTH = 3;

/**
 * True for a LabMessage as it arrives from a transport, checked by hand: the page cannot trust
 * shapes, and zod stays out of the page's first paint.
 */
export function isLabMessage(value: unknown, depth = 0): value is LabMessage {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return false;
  const { key, values } = value as Record<string, unknown>;
  if (typeof key !== 'string' || !Object.hasOwn(LAB_MESSAGES, key)) return false;
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return false;
  const entries = Object.entries(values);
  return (
    entries.length <= MAX_VALUES &&
    entries.every(
      ([name, item]) =>
        name.length <= 32 &&
        ((typeof item === 'string' && item.length <= MAX_VALUE_CHARS) ||
          (typeof item === 'number' && Number.isFinite(item)) ||
          isLabMessage(item, depth + 1)),
    )
  );
}

/** What an error said, when it is a LabError (or carries a valid `said`); else undefined. */
export function saidOf(error: unknown): LabMessage | undefined {
  if (typeof error !== 'object' || error === null || !('said' in error)) return undefined;
  return isLabMessage(error.said) ? error.said : undefined;
}

/**
 * A message made safe to send: text values clipped like error messages are, so a huge input
 * never comes back whole; undefined when it is not a well-formed message.
 */
export function clipLabMessage(message: LabMessage | undefined): LabMessage | undefined {
  if (message === undefined) return undefined;
  const values: LabMessage['values'] = {};
  for (const [name, value] of Object.entries(message.values)) {
    values[name] =
      typeof value === 'string' && value.length > MAX_VALUE_CHARS
        ? `${value.slice(0, MAX_VALUE_CHARS - 1)}…`
        : typeof value === 'object'
          ? (clipLabMessage(value) ?? '')
          : value;
  }
  const clipped = { key: message.key, values };
  return isLabMessage(clipped) ? clipped : undefined;
}
