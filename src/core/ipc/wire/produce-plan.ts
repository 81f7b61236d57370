import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';

/** What one producer sends: how much, for how long, how fast. */
export interface ProducePlan {
  /** Payload bytes per message. */
  size: number;
  /** Producer index, 0-based; carried in every frame. */
  producer: number;
  /** Messages this producer sends (absent: send until `durationMs` elapses). */
  count?: number;
  durationMs?: number;
  /** This producer's target rate, messages per second (absent: as fast as possible). */
  ratePerSec?: number;
}

/** Splits a run's total count and rate evenly over its producers (the first ones take any rest). */
export function planFor(
  producer: number,
  producers: number,
  run: { sizeBytes: number; count?: number; durationMs?: number; ratePerSec?: number },
): ProducePlan {
  const plan: ProducePlan = { size: run.sizeBytes, producer };
  if (run.count !== undefined) {
    plan.count = Math.floor(run.count / producers) + (producer < run.count % producers ? 1 : 0);
  }
  if (run.durationMs !== undefined) plan.durationMs = run.durationMs;
  if (run.ratePerSec !== undefined) plan.ratePerSec = run.ratePerSec / producers;
  return plan;
}

/** Sends one message; returns a promise when the sender must wait (backpressure), else nothing. */
export type SendOne = (seq: number) => Promise<unknown> | void;

/** How long a producer may run without giving its event loop a turn (stop messages, callbacks). */
const YIELD_EVERY_MS = 8;

/**
 * Drives a producer: sends messages 0, 1, 2, … until the count is reached, the duration is up or
 * `stopped()` says so; honours the target rate by sleeping until each message is due. Returns
 * the number of messages sent.
 */
export async function runPlan(
  plan: ProducePlan,
  send: SendOne,
  stopped: () => boolean = () => false,
): Promise<number> {
  const startedAt = performance.now();
  const deadline = plan.durationMs === undefined ? Infinity : startedAt + plan.durationMs;
  const limit = plan.count ?? Infinity;
  const interval = plan.ratePerSec ? 1000 / plan.ratePerSec : 0;
  let lastYield = startedAt;
  let seq = 0;
  while (seq < limit && !stopped()) {
    const now = performance.now();
    if (now >= deadline) break;
    if (interval > 0) {
      const due = startedAt + seq * interval;
      if (due - now >= 1) {
        await sleep(Math.min(due - now, deadline - now));
        lastYield = performance.now();
        continue;
      }
    }
    const wait = send(seq);
    seq += 1;
    if (wait) {
      await wait;
      lastYield = performance.now();
    } else if (now - lastYield > YIELD_EVERY_MS) {
      await yieldToLoop();
      lastYield = performance.now();
    }
  }
  return seq;
}
