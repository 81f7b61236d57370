/**
 * Seconds relative to the newest sample, as the live charts' x axes and cursor readouts show
 * them: "-12 s", "-2.5 s", "0 s". Rounded to a tenth so a readout never claims more precision
 * than the sampling has, and "-0" never shows.
 */
export function formatRelativeSeconds(seconds: number): string {
  const tenths = Math.round(seconds * 10);
  if (tenths === 0) return '0 s';
  const text = tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
  return `${text} s`;
}
