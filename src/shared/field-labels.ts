import type { z } from 'zod';
import type { FieldIssue } from './field-issues';

/**
 * A schema failure turned into FieldIssues: each field under its form label, what is wrong in
 * plain words. Kept apart from field-issues.ts, which the page loads: this needs zod's types only
 * but runs where requests are parsed.
 */

/** Form labels of request fields, by key; other keys are spelt out from their camelCase. */
const LABELS: Record<string, string> = {
  pid: 'Process id',
  workload: 'Workload',
  model: 'Model',
  workers: 'Workers',
  concurrency: 'In flight',
  tasks: 'Tasks',
  cpuSize: 'Size',
  latencyMs: 'Latency',
  fileKiB: 'File size',
  timeoutS: 'Time limit',
  submit: 'Submit',
  switchIntervalMs: 'GIL switch interval',
  runs: 'Runs',
  path: 'Python path',
  intervalMs: 'Interval',
  sizeBytes: 'Message size',
  count: 'Messages',
  durationMs: 'Duration',
  ratePerSec: 'Target rate',
  producers: 'Producers',
  consumers: 'Consumers',
  capacity: 'Queue capacity',
  produceUs: 'Produce time',
  consumeUs: 'Consume time',
  iterations: 'Iterations',
  window: 'Race window',
  mechanism: 'Mechanism',
  placement: 'Placement',
  url: 'Address',
};

/** The label of a field path: its last named key ("runs.0.tasks" → "Tasks"). */
export function fieldLabel(path: readonly (string | number)[]): string {
  const key = [...path].reverse().find((part): part is string => typeof part === 'string');
  if (key === undefined) return 'Request';
  const known = LABELS[key];
  if (known !== undefined) return known;
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** zod's own messages (no custom error given) start like this; they are rebuilt from the code. */
const ZOD_DEFAULT = /^(Invalid input|Invalid option|Unrecognized key|Too (small|big)|Invalid)/;

/**
 * What is wrong with one field, without its name or the value typed (it is in the field):
 * "tasks must be at least 1 (got 0)" → "at least 1"; "must be a number" stays as it is.
 */
export function plainMessage(issue: z.core.$ZodIssue): string {
  if (ZOD_DEFAULT.test(issue.message)) return fromCode(issue);
  const text = issue.message.replace(/\s*\(got [^)]*\)\s*$/, '');
  const must = /(?:^|\s)must be (at (?:least|most) .*)$/.exec(text);
  if (must?.[1] !== undefined) return must[1];
  const rule = /^.*?\bmust be (.*)$/.exec(text);
  return rule?.[1] === undefined ? text : `must be ${rule[1]}`;
}

/** A plain message built from the issue's code, for zod's default messages. */
function fromCode(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => short(key)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' ? 'must not be empty' : `at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `at most ${String(issue.maximum)} characters`
        : `at most ${String(issue.maximum)}`;
    default:
      return 'is not valid';
  }
}

/** Issues carried per refusal, as many as the error sentence describes. */
const MAX_FIELD_ISSUES = 5;

/** Longest key, label or message carried: a huge input is quoted in part, not whole. */
const MAX_PART_CHARS = { key: 40, message: 120 } as const;

/** A key as quoted in an issue: cut when a hostile request sends a huge one. */
function short(text: string, max: number = MAX_PART_CHARS.key): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Each issue of a schema failure as a FieldIssue, bounded in number and size. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.slice(0, MAX_FIELD_ISSUES).map((issue) => {
    const path = issue.path
      .slice(0, 8)
      .map((part) => (typeof part === 'number' ? part : short(String(part))));
    return {
      path,
      label: short(fieldLabel(path)),
      message: short(plainMessage(issue), MAX_PART_CHARS.message),
    };
  });
}
