import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SAMPLING_INTERVAL_MS } from '../../shared/contract';
import { LabService } from '../../core/service';
import type { RecordingState } from '../../shared/recording';
import { createProgress } from '../progress';
import { parseIntegerFlag, untilInterrupted, type Command } from './command';

/** `concurrency-lab record`: records every stream for N seconds, headless. */
export const recordCommand: Command = {
  name: 'record',
  summary: 'record a session file for N seconds',
  usage: `concurrency-lab record --seconds N --out FILE [--interval MS]

Samples the machine for N seconds (1..86400) and writes a session file (NDJSON) that the app
replays and "concurrency-lab export" converts. FILE must not exist yet. Ctrl-C stops early
and keeps what was recorded. A write error (e.g. a full disk) stops the recording, keeps the
file up to its last whole line and exits non-zero.
  --interval MS   core sampling interval, ${SAMPLING_INTERVAL_MS.min}..${SAMPLING_INTERVAL_MS.max} (default ${SAMPLING_INTERVAL_MS.default})`,
  run: async (argv) => {
    const { values } = parseArgs({
      args: argv,
      options: {
        seconds: { type: 'string' },
        out: { type: 'string' },
        interval: { type: 'string', default: String(SAMPLING_INTERVAL_MS.default) },
      },
      strict: true,
    });
    if (values.seconds === undefined) throw new Error('--seconds is required');
    if (values.out === undefined) throw new Error('--out is required');
    const seconds = parseIntegerFlag('seconds', values.seconds, 1, 86_400);
    const intervalMs = parseIntegerFlag(
      'interval',
      values.interval,
      SAMPLING_INTERVAL_MS.min,
      SAMPLING_INTERVAL_MS.max,
    );
    const out = resolve(values.out);
    if (existsSync(out)) throw new Error(`${out} already exists (choose another --out)`);

    const service = new LabService();
    const stop = untilInterrupted();
    // A write error (disk full, device gone) ends the recording early: wait for that too.
    let failed: (state: RecordingState) => void = () => {};
    const writeFailed = new Promise<RecordingState>((done) => (failed = done));
    const unsubscribe = service.onStream((stream, payload) => {
      const state = payload as RecordingState;
      if (stream === 'recording:state' && !state.active && state.error !== null) failed(state);
    });
    try {
      await service.call('sampling:set-interval', { intervalMs });
      service.start();
      const started = await service.recording.recordTo(out);
      if (started.error !== null) throw new Error(started.error);
      const progress = createProgress(`recording ${seconds} s`);
      const startedAt = Date.now();
      const ticker = setInterval(() => {
        const elapsed = (Date.now() - startedAt) / 1000;
        progress.update(elapsed / seconds, `${Math.floor(elapsed)} s`);
      }, 250);
      const ended = await Promise.race([
        new Promise<null>((done) => setTimeout(done, seconds * 1000, null)),
        stop.interrupted.then(() => null),
        writeFailed,
      ]);
      clearInterval(ticker);
      const state = ended ?? service.recording.stopRecording();
      if (state.error !== null) throw new Error(state.error);
      progress.done(`${state.lastPath ?? out}`);
      console.log(out);
    } finally {
      unsubscribe();
      await service.dispose();
      stop.dispose();
    }
  },
};
