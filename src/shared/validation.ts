import type { z } from 'zod';

/** Longest text one issue may add to an error: a huge input is quoted in part, not whole. */
const MAX_ISSUE_CHARS = 200;

/** Issues described in one error; the rest are counted. */
const MAX_ISSUES = 5;

/** Turns a schema failure into one readable sentence: "intervalMs: must be at least 100 ms". */
export function describeIssues(error: z.ZodError): string {
  const described = error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return clip(`${where}${issue.message}`);
  });
  const more = error.issues.length - described.length;
  return [...described, ...(more > 0 ? [`and ${more} more`] : [])].join('; ');
}

/** Shortens text to MAX_ISSUE_CHARS, marking the cut. */
function clip(text: string): string {
  return text.length <= MAX_ISSUE_CHARS ? text : `${text.slice(0, MAX_ISSUE_CHARS - 1)}…`;
}
