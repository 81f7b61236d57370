import { afterEach, describe, expect, it } from 'vitest';
import {
  experimentParamsSchema,
  type ExperimentParamsInput,
} from '../../../../src/shared/experiment-params';
import type { ExperimentResult } from '../../../../src/shared/experiment-results';
import { pythonLabRunner } from '../../support/run-helpers';
import { requireMachine } from '../../support/machine';

/**
 * The condition workload: workers wait on one threading.Condition and the main thread calls
 * notify_all(). Each woken worker must re-acquire the Condition's lock (and holds it a moment),
 * so they leave the wait one after another; Event workers, released by one set(), leave at once.
 * Both report the spread from the first worker leaving the wait to the last, on their own clocks.
 */
describe('condition workload: notify_all wakes all, the lock lets them out one by one', () => {
  const labs = pythonLabRunner();
  afterEach(() => labs.dispose());
  const labRun = (params: ExperimentParamsInput): Promise<ExperimentResult> => labs.run(params);

  for (const model of ['python-threads', 'python-custom-pool'] as const) {
    it(`${model}: workers leave a Condition further apart than an Event`, async ({ skip }) => {
      requireMachine(skip, 'python');
      // Same run both ways, measured back to back; the default GIL switch interval (5 ms), so
      // Event workers get the GIL in turns far shorter than a Condition worker's hold.
      const work = { model, workers: 4, tasks: 8, cpuSize: 3_000, latencyMs: 300 } as const;
      const event = await labRun({ ...work, workload: 'event' });
      const condition = await labRun({ ...work, workload: 'condition' });
      for (const result of [event, condition]) {
        expect(result.status, result.error ?? '').toBe('ok');
        expect(result.checksumOk).toBe(true);
      }
      const eventSpread = event.python?.releaseSpreadMs;
      const conditionSpread = condition.python?.releaseSpreadMs;
      expect(typeof eventSpread).toBe('number');
      expect(typeof conditionSpread).toBe('number');
      expect(conditionSpread).toBeGreaterThan(eventSpread ?? Infinity);
      // The result's sentence carries the figure and the reason.
      expect(condition.conclusion).toMatch(/re-acquire the lock: \d+ ms from the first/);
      expect(event.conclusion).toMatch(/released the waiting threads together/);
    }, 60_000);
  }

  it('is refused for Node models and for apply, naming the Condition', () => {
    const node = experimentParamsSchema.safeParse({
      model: 'node-worker-pool',
      workload: 'condition',
    });
    expect(node.error?.issues[0]?.message).toMatch(/threading\.Condition.*runs only with python/);
    const apply = experimentParamsSchema.safeParse({
      model: 'python-custom-pool',
      workload: 'condition',
      submit: 'apply',
    });
    expect(apply.error?.issues[0]?.message).toMatch(/submitted all at once/);
  });
});
