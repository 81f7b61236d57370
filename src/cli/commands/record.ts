import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SAMPLING_INTERVAL_MS } from '../../shared/contract';
import { LabService } from '../../core/service';
import { createProgress } from '../progress';
import { parseIntegerFlag, untilInterrupted, type Command } from './command';

/** `concurrency-lab record`: records every stream for N seconds, headless. */
export const recordCommand: Command = {
  name: 'record',
  summary: 'record a session file for N seconds',
  usage: `concurrency-lab record --seconds N --out FILE [--interval MS]

Samples the machine for N seconds (1..86400) and writes a session file (NDJSON) that the app
replays and "concurrency-lab export" converts. FILE must not exist yet. Ctrl-C stops early
and keeps what was recorded.
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
    try {
      await service.call('sampling:set-interval', { intervalMs });
      service.start();
      await service.recording.recordTo(out);
      const progress = createProgress(`recording ${seconds} s`);
      const startedAt = Date.now();
      const ticker = setInterval(() => {
        const elapsed = (Date.now() - startedAt) / 1000;
        progress.update(elapsed / seconds, `${Math.floor(elapsed)} s`);
      }, 250);
      await Promise.race([
        new Promise((done) => setTimeout(done, seconds * 1000)),
        stop.interrupted,
      ]);
      clearInterval(ticker);
      const state = service.recording.stopRecording();
      progress.done(`${state.lastPath ?? out}`);
      console.log(out);
    } finally {
      stop.dispose();
      await service.dispose();
    }
  },
};
