// One formatter for good: toLocaleString builds a new one on every call, which the live table,
// the legends and the experiment texts did dozens of times a second.
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

/** A count, rounded, with thousands separators: "12,345". */
export function formatCount(value: number): string {
  return COUNT_FORMAT.format(Math.round(value));
}
