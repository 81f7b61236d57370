/**
 * The words of the run labels, work sizes and conclusions, in English, as templates with
 * `{{name}}` blanks. The renderer's texts reuse this table as the English reference and give a
 * Chinese one with the same keys; core and the CLI use English through `englishPhrases`.
 */

/** English templates, keyed by what they say; counts pick a key (`…1` for one) in code. */
export const CONCLUSION_PHRASES = {
  label: {
    nodeSequential: 'Node, one thread',
    nodeAsync: 'Node async, {{concurrency}} in flight',
    nodeWorkerPool1: '{{n}} Node worker thread{{apply}}',
    nodeWorkerPool: '{{n}} Node worker threads{{apply}}',
    nodeProcessPool1: '{{n}} Node process{{apply}}',
    nodeProcessPool: '{{n}} Node processes{{apply}}',
    nodeThreadPerTask: 'Node thread per task, {{n}} at a time',
    nodeProcessPerTask: 'Node process per task, {{n}} at a time',
    pythonSequential: 'Python, one thread',
    pythonThreads1: '{{n}} Python thread{{apply}}',
    pythonThreads: '{{n}} Python threads{{apply}}',
    pythonCustomPool1: '{{n}} hand-pooled Python thread{{apply}}',
    pythonCustomPool: '{{n}} hand-pooled Python threads{{apply}}',
    pythonProcesses1: '{{n}} Python process{{apply}}',
    pythonProcesses: '{{n}} Python processes{{apply}}',
    pythonSelectors: 'one Python thread, {{concurrency}} sockets in flight',
    pythonAsyncio: 'Python asyncio, {{concurrency}} in flight',
    pythonGevent: 'Python gevent, {{concurrency}} greenlets in flight',
    apply: ' (apply)',
  },
  work: {
    tasks1: '{{n}} task',
    tasks: '{{n}} tasks',
    numbers: '{{n}} numbers',
    cpu: '{{tasks}} × {{numbers}}',
    mixed: '{{tasks}} × ({{numbers}} + {{ms}} ms wait)',
    timer: '{{tasks}} × {{ms}} ms wait',
    blocking: '{{tasks}} × {{ms}} ms blocking sleep',
    event: '{{ms}} ms wait on an Event, then {{tasks}} × {{numbers}}',
    condition: '{{ms}} ms wait on a Condition, then {{tasks}} × {{numbers}}',
    echo: '{{tasks}} × {{ms}} ms reply',
    file: '{{tasks}} × {{kib}} KiB file',
  },
  run: {
    coresBusy1: '{{cores}} core busy',
    coresBusy: '{{cores}} cores busy',
    faster: '{{times}} faster than one at a time',
    slower: '{{times}} slower than one at a time',
    aboutAsFast: 'about as fast as one at a time',
    speedupClause: ', {{verdict}}',
    otherPrograms: 'other programs kept {{busy}}',
    baselineSlowed: 'the one-at-a-time baseline was slowed: {{others}} while it ran',
    noGilParallel:
      'they kept more than one core busy, so this interpreter seems to run Python threads in parallel (no GIL)',
    maybeNoGil:
      'this interpreter may have no GIL, or the one-at-a-time baseline was slowed by other load',
    likelySlowedBaseline: 'the one-at-a-time baseline was likely slowed by other load',
    startupCost: 'starting {{workers}} workers cost {{time}}',
    tooFewTasks: 'there were too few tasks, or too short ones, to keep every worker busy',
    tooSmall: 'the work was too small to pay for starting {{workers}} workers',
    kept: '{{who}} kept {{busy}}{{speedup}}',
    oneCore: '{{busy}}: one thread can use one core at most',
    lessonGil: 'the GIL lets one thread run Python at a time',
    lessonAsync: 'coroutines take turns on one thread, so CPU-bound work does not speed up',
    lessonApply: 'apply waits for each result, so only one worker runs at a time',
    shouldGil: 'though the GIL should have held them to about 1×',
    shouldAsync: 'though coroutines on one thread should not speed up CPU work',
    shouldApply: 'though apply runs one task at a time',
    unexpectedGain: '{{busy}}, {{should}}: {{cause}}',
    lessonAndOthers: '{{busy}}: {{lesson}}, and {{others}}',
    lessonOnly: '{{busy}}: {{lesson}}',
    oversubscribed:
      '{{busy}} on {{cores}} cores with {{switches}} involuntary context switches: more threads than cores only adds switching',
    tooFewTasksFor1: '{{busy}}: {{tasks}} task cannot keep {{usable}} workers busy',
    tooFewTasksFor: '{{busy}}: {{tasks}} tasks cannot keep {{usable}} workers busy',
    metNoGil: 'this interpreter has no GIL, so its threads run Python in parallel',
    metParallel: 'separate threads or processes run on separate cores at once',
    met: '{{busy}}: {{met}}',
    keptOnly: '{{who}} kept only {{cores}} of {{usable}} cores busy{{speedup}}',
    got: '; got {{times}}',
    shortfall:
      '{{head}}: expected about {{times}} from {{usable}} workers{{got}} because {{cause}}',
    libuvPool: " (the reads themselves ran on libuv's pool of {{threads}} threads)",
    loopLate: ', and the event loop ran up to {{time}} late (p99)',
    releasedEvent:
      '; set() released the waiting threads together: {{time}} from the first to leave the wait to the last',
    releasedCondition:
      '; notify_all() woke the waiting threads, but each had to re-acquire the lock: {{time}} from the first to leave the wait to the last',
    blocked:
      '{{who}} ran the tasks one at a time with {{busy}}{{speedup}}: a blocking call holds the thread, so no other task runs while it waits{{late}}',
    waitedInTurn: '{{who}} waited for each task in turn with {{busy}}{{speedup}}{{pool}}',
    overlapped:
      '{{who}} overlapped the waits{{speedup}} with only {{busy}}: waiting needs no CPU{{pool}}',
    startupOutweighed:
      'starting {{workers}} workers cost {{time}}, more than the waits they overlapped',
    ownWork: "each task's own work outweighed its wait",
    handing: 'handing tasks to the workers cost more than the waits they overlapped',
    finished: '{{who}} finished {{verdict}} with {{busy}}: {{why}}{{pool}}',
    mixedShortfall: '{{busy}}: {{cause}}',
    mixed: '{{busy}}: the CPU parts need cores, the waits only need overlapping',
    disturbed: '{{sentence}} (⚠ {{others}} during this run: its figures are unreliable)',
    stopped: '{{who}}: stopped before the end ({{error}})',
    stopDefault: 'Stop',
    timeout: '{{who}}: {{error}}; the run was ended',
    timeoutDefault: 'timed out',
    failed: '{{who}} failed: {{error}}',
    failedDefault: 'unknown error',
    wrongChecksum: '{{who}} finished with the wrong checksum ({{checksum}}, expected {{expected}})',
  },
  compare: {
    listLast: '{{list}} and {{last}}',
    listSeparator: ', ',
    allSequential: 'one at a time, the runs should take about as long',
    noneFaster: '{{list}} about as fast as one at a time',
    noFaster: '; {{list}} no faster',
    fastestAbout: '{{list}} fastest, about {{times}} faster than one at a time{{flat}}',
    fastestUpTo: '{{list}} fastest, up to {{times}} faster than one at a time{{flat}}',
    alone: '{{run}} alone',
    fasterThan: '{{times}} faster than',
    aboutAsFastAs: 'about as fast as',
    observed:
      '{{fastest}} finished {{how}} {{slowest}}, keeping {{busy}} against {{cores}}{{unexpected}}',
    notPredicted: ', not what the lesson predicts',
    named: '{{workload}}: {{text}}',
    partSeparator: '; ',
    differs: ' (the runs did different amounts of work, so compare with care)',
    disturbed: ' (⚠ {{n}} of these runs ran while other programs kept more than 0.3 cores busy)',
    expected: 'Expected: {{text}}.',
    observedLine: 'Observed: {{text}}{{caveats}}.',
    chooseTwo: 'Choose at least two finished runs to compare.',
    both: '{{expected}} / {{observed}}',
  },
} as const;

/** Values a template's blanks are filled with. */
export type PhraseValues = Record<string, string | number>;

/**
 * Turns a key of the table ("run.faster") and its values into words in one language. An
 * i18next `t` fits once its keys are prefixed; `englishPhrases` is the built-in default.
 */
export type Phrasebook = (key: string, values?: PhraseValues) => string;

function lookup(key: string): string {
  let node: unknown = CONCLUSION_PHRASES;
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'string') throw new Error(`no phrase ${key}`);
  return node;
}

/** Fills `{{name}}` blanks as i18next does (no escaping). */
export function fillPhrase(template: string, values: PhraseValues = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (blank, name: string) =>
    name in values ? String(values[name]) : blank,
  );
}

/** The English phrasebook: the table above, filled in. */
export const englishPhrases: Phrasebook = (key, values) => fillPhrase(lookup(key), values);
