import { isLabMessage, type LabMessage } from './lab-messages';

/**
 * Refused requests in plain words, field by field: "Tasks: at least 1" instead of
 * "runs.0.tasks: tasks must be at least 1 (got 0)". Views put each one next to its field.
 */

/** One refused field: where it is in the request, its name for people, and what is wrong. */
export interface FieldIssue {
  /** The field's path in the request, e.g. ['runs', 0, 'tasks']; [] for the whole request. */
  path: (string | number)[];
  /** The field's name as the forms label it: "Tasks". */
  label: string;
  /** What is wrong, in plain words: "at least 1". */
  message: string;
}

/** Most issues one refusal carries (the lab sends at most 5). */
const MAX_ISSUES = 20;

/**
 * True for field issues as they arrive from a transport, checked by hand: the page cannot trust
 * shapes, and zod stays out of the page's first paint.
 */
export function isFieldIssues(value: unknown): value is FieldIssue[] {
  if (!Array.isArray(value) || value.length > MAX_ISSUES) return false;
  return value.every((item: unknown) => {
    if (typeof item !== 'object' || item === null) return false;
    const { path, label, message } = item as Record<string, unknown>;
    return (
      Array.isArray(path) &&
      path.length <= 16 &&
      path.every(
        (part) =>
          (typeof part === 'string' && part.length <= 64) ||
          (typeof part === 'number' && Number.isInteger(part)),
      ) &&
      typeof label === 'string' &&
      label.length <= 80 &&
      typeof message === 'string' &&
      message.length <= 300
    );
  });
}

/** One issue as a sentence: "Tasks: at least 1". */
export function issueText(issue: FieldIssue): string {
  return `${issue.label}: ${issue.message}`;
}

/**
 * A refused request: `message` is the plain sentence for people ("Tasks: at least 1"), `detail`
 * the lab's full error, `issues` the fields to mark, `said` the lab's sentence as key and values.
 */
export class RequestError extends Error {
  override readonly name = 'RequestError';

  constructor(
    message: string,
    readonly issues: readonly FieldIssue[],
    readonly detail: string = message,
    readonly said?: LabMessage,
  ) {
    super(message);
  }

  /**
   * The error a view shows for a refused call: plain words when there are field issues, the
   * lab's sentence (checked by hand, like the issues) when it said one.
   */
  static of(error: string, issues: unknown, said?: unknown): Error {
    if (isFieldIssues(issues) && issues.length > 0) {
      return new RequestError(issues.map(issueText).join('; '), issues, error);
    }
    // The English text stays the lab's own (channel and all); views word `said` themselves.
    if (isLabMessage(said)) return new RequestError(error, [], error, said);
    return new Error(error);
  }
}

/** The field issues an error carries: a RequestError's, or a parseOrThrow error's; else none. */
export function issuesOf(error: unknown): readonly FieldIssue[] {
  if (error instanceof RequestError) return error.issues;
  const issues = error instanceof Error && 'issues' in error ? error.issues : undefined;
  return isFieldIssues(issues) ? issues : [];
}

/** The lab's sentence an error carries as key and values (a RequestError's), else undefined. */
export function saidIn(error: unknown): LabMessage | undefined {
  return error instanceof RequestError ? error.said : undefined;
}
