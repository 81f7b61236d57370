import type { Metric, Registry } from 'prom-client';

/**
 * Metric families whose samples are computed when Prometheus scrapes, from readings the lab
 * already holds: nothing is stored between scrapes, and a family with no sample this time is
 * left out of the exposition altogether (missing, never a made-up 0).
 */

const NO_SHARED_LABELS = Object.freeze({});

/** The Prometheus types the lab exposes. */
export type FamilyType = 'counter' | 'gauge' | 'summary';

/** One sample: its labels, its value, and for summaries the `_sum`/`_count` suffix. */
export interface Sample {
  labels?: Record<string, string | number>;
  value: number;
  suffix?: '_sum' | '_count';
}

/** Produces a family's samples at scrape time; an empty list means "cannot be read here". */
export type SampleReader = () => Sample[];

/**
 * Registers a family on `registry`. prom-client renders it (escaping, number format); the
 * object is prom-client's metric shape without its stored values, which are ours to compute.
 */
export function registerFamily(
  registry: Registry,
  name: string,
  help: string,
  type: FamilyType,
  read: SampleReader,
): void {
  const family = {
    name,
    help,
    type,
    aggregator: 'sum',
    get: () => ({
      name,
      help,
      type,
      aggregator: 'sum',
      values: read()
        .filter((sample) => Number.isFinite(sample.value))
        .map((sample) => ({
          labels: sample.labels ?? {},
          // One shared object: prom-client caches the flattened shared labels per object, and
          // a new {} per sample would cost a cache miss (and a WeakMap entry) each time.
          sharedLabels: NO_SHARED_LABELS,
          value: sample.value,
          metricName: sample.suffix === undefined ? name : `${name}${sample.suffix}`,
        })),
    }),
    reset: () => undefined,
  };
  // prom-client types a metric as one of its own four classes, whose values are set ahead of a
  // scrape and hashed per label set. This family computes its values at scrape time instead, and
  // the registry uses only what it has (name, help, type, aggregator, get, reset), so it cannot
  // be typed as one of those classes; the cast says so once, here.
  registry.registerMetric(family as unknown as Metric);
}

/** The text exposition without the families that had no sample (HELP and TYPE alone). */
export function withoutEmptyFamilies(exposition: string): string {
  const blocks = exposition
    .trimEnd()
    .split('\n\n')
    .filter((block) => block.split('\n').some((line) => line !== '' && !line.startsWith('#')));
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}
