import type { LatencySummary } from '../../../shared/ipc-results';

/** Buckets per doubling: each bucket is 2^(1/16) ≈ 4.4 % wide, so percentiles are within ~2 %. */
const STEPS_PER_DOUBLING = 16;
/** 1 µs .. 2^27 µs (134 s); faster samples land in bucket 0, slower ones in the last bucket. */
const BUCKETS = STEPS_PER_DOUBLING * 27 + 1;
/** Fine buckets merged into one bar of the chart histogram (~19 % wide). */
const CHART_MERGE = 4;

function bucketOf(us: number): number {
  if (!(us > 1)) return 0;
  return Math.min(BUCKETS - 1, Math.floor(Math.log2(us) * STEPS_PER_DOUBLING));
}

function lowerEdge(bucket: number): number {
  return bucket === 0 ? 0 : 2 ** (bucket / STEPS_PER_DOUBLING);
}

function upperEdge(bucket: number): number {
  return 2 ** ((bucket + 1) / STEPS_PER_DOUBLING);
}

/** Sparse, serializable histogram content: [bucket, count] pairs plus exact sum and max. */
export interface HistogramDelta {
  buckets: [number, number][];
  sumUs: number;
  maxUs: number;
}

/**
 * A log-bucketed latency histogram: O(1) record, bounded memory however many samples, and
 * mergeable across threads and processes (workers send deltas, the runner merges them).
 */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private sumUs = 0;
  private maxUs = 0;

  /** Samples recorded. */
  get count(): number {
    return this.total;
  }

  /** Records one latency in microseconds. */
  record(us: number): void {
    const bucket = bucketOf(us);
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.total += 1;
    this.sumUs += us;
    if (us > this.maxUs) this.maxUs = us;
  }

  /** Adds another histogram's samples (or a delta received from a worker). */
  merge(other: LatencyHistogram | HistogramDelta): void {
    const delta = other instanceof LatencyHistogram ? other.toDelta() : other;
    for (const [bucket, count] of delta.buckets) {
      if (bucket >= 0 && bucket < BUCKETS) this.counts[bucket] = (this.counts[bucket] ?? 0) + count;
      this.total += count;
    }
    this.sumUs += delta.sumUs;
    if (delta.maxUs > this.maxUs) this.maxUs = delta.maxUs;
  }

  /** The non-empty buckets, for sending to another thread or process. */
  toDelta(): HistogramDelta {
    const buckets: [number, number][] = [];
    for (let i = 0; i < BUCKETS; i += 1) {
      const count = this.counts[i] ?? 0;
      if (count > 0) buckets.push([i, count]);
    }
    return { buckets, sumUs: this.sumUs, maxUs: this.maxUs };
  }

  /** Removes every sample. */
  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sumUs = 0;
    this.maxUs = 0;
  }

  /** The latency below which `fraction` (0..1) of samples fall, interpolated inside a bucket. */
  percentile(fraction: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(fraction * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i += 1) {
      const count = this.counts[i] ?? 0;
      if (count === 0) continue;
      if (seen + count >= rank) {
        const within = (rank - seen) / count;
        const value = lowerEdge(i) + (upperEdge(i) - lowerEdge(i)) * within;
        return Math.min(value, this.maxUs);
      }
      seen += count;
    }
    return this.maxUs;
  }

  /** Percentiles and a chart histogram; null when nothing was recorded. */
  summary(): LatencySummary | null {
    if (this.total === 0) return null;
    const histogram: LatencySummary['histogram'] = [];
    let first = BUCKETS;
    let last = -1;
    for (let i = 0; i < BUCKETS; i += 1) {
      if ((this.counts[i] ?? 0) > 0) {
        first = Math.min(first, i);
        last = i;
      }
    }
    const start = first - (first % CHART_MERGE);
    for (let i = start; i <= last; i += CHART_MERGE) {
      let count = 0;
      for (let j = i; j < i + CHART_MERGE && j < BUCKETS; j += 1) count += this.counts[j] ?? 0;
      histogram.push({ upperUs: upperEdge(Math.min(i + CHART_MERGE - 1, BUCKETS - 1)), count });
    }
    return {
      count: this.total,
      p50Us: this.percentile(0.5),
      p90Us: this.percentile(0.9),
      p99Us: this.percentile(0.99),
      maxUs: this.maxUs,
      meanUs: this.sumUs / this.total,
      histogram,
    };
  }
}
