import { z } from 'zod';
import type { FieldIssue } from './field-issues';
import { fieldIssues } from './field-labels';

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

/**
 * A whole number within [min, max], with errors that name the quantity and what was given:
 * "message size must be at least 64 B (got 10 B)". `show` writes a number with its unit.
 */
export function boundedInt(
  what: string,
  min: number,
  max: number,
  show: (n: number) => string = String,
) {
  return z
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} must be a whole number` })
    .min(min, {
      error: (issue) => `${what} must be at least ${show(min)} (got ${show(Number(issue.input))})`,
    })
    .max(max, {
      error: (issue) => `${what} must be at most ${show(max)} (got ${show(Number(issue.input))})`,
    });
}

/**
 * A parse that either gives the value or one readable sentence: "context: field: problem".
 * A refused request also lists its fields in plain words, for views to mark (old clients read
 * only `error`).
 */
export type Checked<T> =
  { ok: true; value: T } | { ok: false; error: string; issues?: FieldIssue[] };

/** Parses `raw` with `schema`; the error starts with `context` (if any) and describes the issues. */
export function checkAgainst<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  context: string,
): Checked<z.output<S>> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = describeIssues(parsed.error);
  return {
    ok: false,
    error: context === '' ? issues : `${context}: ${issues}`,
    issues: fieldIssues(parsed.error),
  };
}

/**
 * Parses `raw` with `schema`, or throws an Error "context: field: problem; …" that also carries
 * its fields' `issues`, which LabService passes on to the views (see issuesOf).
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  context: string,
): z.output<S> {
  const checked = checkAgainst(schema, raw, context);
  if (!checked.ok) throw Object.assign(new Error(checked.error), { issues: checked.issues ?? [] });
  return checked.value;
}
