/**
 * The narrowest a character of the table's 12 px text is drawn, px ('i', 'l' and '.' take about
 * 3 px in the fonts the page uses). A column `w` px wide shows at most w / 2 characters.
 */
const NARROWEST_GLYPH_PX = 2;

/** Characters kept past what the column could show, so the cut is never near the ellipsis. */
const SPARE_CHARACTERS = 16;

/**
 * A command line as its table cell holds it: cut to what the command column could ever show
 * at its width, the full line staying in the cell's tooltip. Commands run to 1,024 characters
 * (Chromium's, Java's) and a re-sorted row gets another process's command every tick: laying
 * out and painting text nobody can see was a large part of each table tick. The cut lies far
 * past the ellipsis, so the cell looks the same. Null width (not measured yet): not cut.
 */
export function shownCommand(command: string, columnWidthPx: number | null): string {
  if (columnWidthPx === null) return command;
  const limit = Math.ceil(Math.max(0, columnWidthPx) / NARROWEST_GLYPH_PX) + SPARE_CHARACTERS;
  if (command.length <= limit) return command;
  // Never half a surrogate pair: it would be drawn as a replacement glyph.
  const last = command.charCodeAt(limit - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? limit - 1 : limit;
  return command.slice(0, end);
}
