import type { TFunction } from 'i18next';
import { issuesOf, saidIn, type FieldIssue } from '../../../shared/field-issues';
import { formatLabMessage, isLabMessage, type LabMessage } from '../../../shared/lab-messages';
import { common as english } from '../i18n/en/common';

/**
 * A refused field in the UI's language. The lab (shared code, also used by the server) words
 * issues in English; known labels and messages are matched here and their text looked up, and
 * anything unknown is shown as the lab wrote it. English output is the lab's own text.
 */

type MessageKey = keyof typeof english.fields.messages;

/** Messages with a value in them: the pattern, its text, and the values it fills in. */
const PATTERNS: {
  pattern: RegExp;
  key: MessageKey;
  values: (m: string) => Record<string, string>;
}[] = [
  { pattern: /^at least (\d+) characters$/, key: 'atLeastChars', values: (n) => ({ n }) },
  { pattern: /^at most (\d+) characters$/, key: 'atMostChars', values: (n) => ({ n }) },
  { pattern: /^at least (.+)$/, key: 'atLeast', values: (value) => ({ value }) },
  { pattern: /^at most (.+)$/, key: 'atMost', values: (value) => ({ value }) },
  { pattern: /^must be one of (.+)$/, key: 'oneOf', values: (values) => ({ values }) },
  { pattern: /^must be below the task count (\d+)$/, key: 'belowTasks', values: (n) => ({ n }) },
  { pattern: /^unknown fields (.+)$/, key: 'unknownFields', values: (keys) => ({ keys }) },
  { pattern: /^unknown field (.+)$/, key: 'unknownField', values: (keys) => ({ keys }) },
];

/** Messages without values, by their English text. */
const FIXED = new Map(
  Object.entries(english.fields.messages)
    .filter(([, text]) => !text.includes('{{'))
    .map(([key, text]) => [text, key]),
);

/** What is wrong with a field ("at least 1"), in the UI's language when the text is known. */
export function issueMessage(message: string, t: TFunction): string {
  const fixed = FIXED.get(message);
  if (fixed !== undefined) return t(`common.fields.messages.${fixed}`);
  for (const { pattern, key, values } of PATTERNS) {
    const match = pattern.exec(message);
    if (match?.[1] !== undefined) return t(`common.fields.messages.${key}`, values(match[1]));
  }
  return message;
}

/** A field's name ("Tasks"), in the UI's language when it is one the forms label. */
export function issueLabel(issue: FieldIssue, t: TFunction): string {
  const labels: Record<string, string> = english.fields.labels;
  const key = [...issue.path].reverse().find((part): part is string => typeof part === 'string');
  const name = key ?? 'request';
  // Only a label the lab spelt as expected is replaced: a new or cut one stays as sent.
  return labels[name] === issue.label ? t(`common.fields.labels.${name}`) : issue.label;
}

/** One issue as a sentence, "Tasks: at least 1", in the UI's language. */
export function issueSentence(issue: FieldIssue, t: TFunction): string {
  return t('common.fields.issue', {
    label: issueLabel(issue, t),
    message: issueMessage(issue.message, t),
  });
}

/** One of the lab's sentences (a refusal, a result) in the UI's language, nested ones too. */
export function labMessageText(message: LabMessage, t: TFunction): string {
  return formatLabMessage(message, (key, values) => t(`labMessages.${key}`, values));
}

/**
 * A failed call's sentence in the UI's language: the lab's own sentence when it said one, else
 * the lab's English message as it came.
 */
export function errorText(reason: unknown, t: TFunction): string {
  const said = saidIn(reason);
  if (said !== undefined) return labMessageText(said, t);
  return reason instanceof Error ? reason.message : String(reason);
}

/**
 * A result's error in the UI's language: what the lab said when it said a sentence (checked,
 * as the page cannot trust shapes), else its English text; undefined without an error.
 */
export function resultErrorText(
  result: { error?: string; errorSaid?: unknown },
  t: TFunction,
): string | undefined {
  if (result.error === undefined) return undefined;
  return isLabMessage(result.errorSaid) ? labMessageText(result.errorSaid, t) : result.error;
}

/** A refused request's sentence: its field issues in the UI's language, else errorText. */
export function refusalText(reason: unknown, t: TFunction): string {
  const issues = issuesOf(reason);
  if (issues.length > 0) return issues.map((issue) => issueSentence(issue, t)).join('; ');
  return errorText(reason, t);
}
