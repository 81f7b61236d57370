/**
 * The native helper's SLICES frame (src/native/lane-sampler.c says its layout): the lanes'
 * slices it finished since its last batch, as characters, with each lane's counters at its
 * last tick so that the main thread can go on sampling from there if the helper dies.
 */

/** Numbers before the per-slice sums: from, to, lane count, ticks, t of the last tick. */
const HEAD_NUMBERS = 5;
/** Numbers per lane: pid, tid, switches, flags, t, runNs, waitNs, inferred wait, timeslices. */
const LANE_NUMBERS = 9;
const ENDED = 1;
const COUNTERS_KNOWN = 2;
/** More slices or lanes than this in one batch is not the helper's (a run keeps at most 12,000). */
const MAX_BATCH_SLICES = 100_000;
const MAX_BATCH_LANES = 100_000;

/** One thread's counters at its last tick, as LaneBuilder keeps them. */
export interface LaneCounters {
  t: number;
  runNs: number;
  waitNs: number;
  /** Run-queue wait already shown as ready but not yet in the kernel's counter, ns. */
  inferredWaitNs: number;
}

/** One lane's part of a batch. */
export interface SlicedLane {
  pid: number;
  tid: number;
  contextSwitches: number;
  /** schedstat's count of times on a CPU at its last read (known from its first sight on). */
  timeslices: number;
  /** The thread is gone (its last slices may still come in later batches). */
  ended: boolean;
  /** Null until it has been read twice (its first sight only marks it alive). */
  last: LaneCounters | null;
  /** One state and one core character per slice of the batch. */
  states: string;
  cores: string;
}

/** Slices [fromSlice, toSlice) of every lane the helper has read. */
export interface SliceBatch {
  fromSlice: number;
  toSlice: number;
  /** Ticks taken for this batch. */
  ticks: number;
  /** The last tick's time, ms from slice 0 (null before the first). */
  lastT: number | null;
  /** Running time summed over the lanes per slice (each lane at most a slice), ms. */
  runMs: Float64Array;
  lanes: SlicedLane[];
  /** [tid, name] for threads first seen or renamed since the last batch. */
  names: [number, string][];
}

/**
 * A SLICES payload read, or null where it does not hold together (never a throw). Runs twice a
 * second, too rarely for the JIT to warm it: the numbers are copied once into an aligned array
 * and the characters read as one string, which cost far less cold than a read call per field.
 */
export function decodeSlices(payload: Buffer, names: [number, string][]): SliceBatch | null {
  if (payload.length < HEAD_NUMBERS * 8 || payload.length % 8 !== 0) return null;
  const head = new Float64Array(HEAD_NUMBERS);
  new Uint8Array(head.buffer).set(payload.subarray(0, HEAD_NUMBERS * 8));
  const [fromSlice = 0, toSlice = 0, laneCount = 0, ticks = 0, lastT = Number.NaN] = head;
  const count = toSlice - fromSlice;
  const wholeAndSmall = (value: number, max: number): boolean =>
    Number.isInteger(value) && value >= 0 && value <= max;
  if (!wholeAndSmall(fromSlice, Number.MAX_SAFE_INTEGER) || !wholeAndSmall(count, MAX_BATCH_SLICES))
    return null;
  if (!wholeAndSmall(laneCount, MAX_BATCH_LANES)) return null;
  const charsAt = (HEAD_NUMBERS + count + laneCount * LANE_NUMBERS) * 8;
  const used = charsAt + laneCount * 2 * count;
  if (payload.length < used || payload.length - used >= 8) return null;
  const numbers = new Float64Array(charsAt / 8);
  new Uint8Array(numbers.buffer).set(payload.subarray(0, charsAt));
  const text = payload.toString('latin1', charsAt, used);
  const lanes: SlicedLane[] = [];
  for (let k = 0; k < laneCount; k += 1) {
    const at = HEAD_NUMBERS + count + k * LANE_NUMBERS;
    const flags = numbers[at + 3] ?? 0;
    const chars = k * 2 * count;
    lanes.push({
      pid: numbers[at] ?? 0,
      tid: numbers[at + 1] ?? 0,
      contextSwitches: numbers[at + 2] ?? 0,
      timeslices: numbers[at + 8] ?? 0,
      ended: (flags & ENDED) !== 0,
      last:
        (flags & COUNTERS_KNOWN) === 0
          ? null
          : {
              t: numbers[at + 4] ?? 0,
              runNs: numbers[at + 5] ?? 0,
              waitNs: numbers[at + 6] ?? 0,
              inferredWaitNs: numbers[at + 7] ?? 0,
            },
      states: text.slice(chars, chars + count),
      cores: text.slice(chars + count, chars + 2 * count),
    });
  }
  return {
    fromSlice,
    toSlice,
    ticks,
    lastT: Number.isFinite(lastT) ? lastT : null,
    runMs: numbers.slice(HEAD_NUMBERS, HEAD_NUMBERS + count),
    lanes,
    names,
  };
}
