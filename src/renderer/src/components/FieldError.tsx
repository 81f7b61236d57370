import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../shared/field-issues';
import { issueSentence } from '../lib/issue-text';

// Its styles (.field-error) are in lab-states.css, loaded with the first paint by the shell's
// ConnectionBanner: importing the CSS here too, from the lazy tabs' shared code, would pull that
// shared chunk (zod and the schemas) into the first paint.

/** The issue of the field named `key` (its path's last named key), if the lab refused it. */
export function issueFor(
  issues: readonly FieldIssue[],
  key: string,
  /** Only issues under this path prefix, e.g. ['runs', 0] for the first run of a request. */
  under: readonly (string | number)[] = [],
): FieldIssue | undefined {
  return issues.find(
    (issue) =>
      issue.path.length === under.length + 1 &&
      under.every((part, index) => issue.path[index] === part) &&
      issue.path.at(-1) === key,
  );
}

/** What an input needs to be marked refused: aria-invalid, and its error as its description. */
export function invalidProps(
  id: string,
  issue: FieldIssue | undefined,
): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  return issue === undefined ? {} : { 'aria-invalid': true, 'aria-describedby': id };
}

/** A field's refusal in plain words ("Tasks: at least 1"), placed right after the field. */
export function FieldError(props: {
  id: string;
  issue: FieldIssue | undefined;
  /** Announce it (role=alert) when no other alert says the same. */
  alert?: boolean;
}): React.JSX.Element | null {
  const { t } = useTranslation();
  if (props.issue === undefined) return null;
  return (
    <span
      id={props.id}
      className="field-error"
      role={props.alert ? 'alert' : undefined}
      data-testid="field-error"
    >
      {issueSentence(props.issue, t)}
    </span>
  );
}
