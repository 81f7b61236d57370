import type { Schedstat } from '../../os/procfs';

/**
 * Parsers for the run-lane sampler's hot reads, straight from the bytes a pread returned: it
 * reads every thread of a run 22 times a second, and making strings of each file (then
 * splitting them) was most of its own work. The string parsers in os/procfs stay the reference;
 * a test checks these agree with them on real files.
 */

const SPACE = 32;
const NEWLINE = 10;
const ZERO = 48;
const NINE = 57;
const CLOSE = 41; // ')'

/** The stat fields a lane needs, with where the name's bytes are (decoded only when changed). */
export interface StatBytes {
  /** The name (comm) lies in bytes [nameStart, nameEnd). */
  nameStart: number;
  nameEnd: number;
  state: string;
  /** Field 20: the process's thread count. */
  threads: number;
  /** Field 39: the CPU it last ran on; null on kernels that lack the field. */
  processor: number | null;
}

/** An unsigned decimal at bytes [from, to), or NaN. */
function unsignedAt(bytes: Uint8Array, from: number, to: number): number {
  if (to <= from) return Number.NaN;
  let value = 0;
  for (let i = from; i < to; i += 1) {
    const c = bytes[i] ?? 0;
    if (c < ZERO || c > NINE) return Number.NaN;
    value = value * 10 + (c - ZERO);
  }
  return value;
}

/** A schedstat line ("853831 57930 2\n") from its bytes; null if malformed. */
export function schedstatFromBytes(bytes: Uint8Array, length: number): Schedstat | null {
  const values: number[] = [];
  let i = 0;
  while (i < length && values.length < 3) {
    let j = i;
    while (j < length && bytes[j] !== SPACE && bytes[j] !== NEWLINE) j += 1;
    values.push(unsignedAt(bytes, i, j));
    i = j + 1;
  }
  const [runNs, waitNs, timeslices] = values;
  if (runNs === undefined || waitNs === undefined || timeslices === undefined) return null;
  if (Number.isNaN(runNs) || Number.isNaN(waitNs) || Number.isNaN(timeslices)) return null;
  return { runNs, waitNs, timeslices };
}

/**
 * A stat line's state, thread count and field 39 from its bytes. The name ends at the LAST ')'
 * (a name may itself hold ") "); null when the line is cut short before field 20.
 */
export function statFromBytes(bytes: Uint8Array, length: number): StatBytes | null {
  let close = length - 1;
  while (close > 0 && bytes[close] !== CLOSE) close -= 1;
  const open = bytes.indexOf(40); // '('
  if (open < 1 || close <= open) return null;
  let state = '';
  let threads = Number.NaN;
  let processor: number | null = null;
  let field = 3;
  let i = close + 2;
  while (i < length && field <= 39) {
    let j = i;
    while (j < length && bytes[j] !== SPACE && bytes[j] !== NEWLINE) j += 1;
    if (field === 3) state = String.fromCharCode(bytes[i] ?? 63);
    else if (field === 20) threads = unsignedAt(bytes, i, j);
    else if (field === 39) processor = unsignedAt(bytes, i, j);
    field += 1;
    i = j + 1;
  }
  if (state === '' || Number.isNaN(threads)) return null;
  if (processor !== null && Number.isNaN(processor)) processor = null;
  return { nameStart: open + 1, nameEnd: close, state, threads, processor };
}
