import { useId } from 'react';
import type { FieldIssue } from '../../../shared/field-issues';
import { FieldError, invalidProps } from './FieldError';

/**
 * A labelled number field that keeps what was typed, even invalid or empty, so the lab's
 * validation (not the browser) says what is wrong; a refusal is shown right under the field.
 */
export function NumberField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  /** Input width in px; the form's stylesheet decides when absent. */
  width?: number;
  /** Hover text: the allowed range or what the number means. */
  title?: string;
  /** The lab's refusal of this field, if any. */
  issue?: FieldIssue;
}): React.JSX.Element {
  const errorId = useId();
  return (
    <label className="field" title={props.title}>
      <span>{props.label}</span>
      <input
        name={props.name}
        type="number"
        inputMode="numeric"
        value={props.value}
        placeholder={props.placeholder}
        style={props.width ? { width: props.width } : undefined}
        onChange={(event) => props.onChange(event.target.value)}
        {...invalidProps(errorId, props.issue)}
      />
      <FieldError id={errorId} issue={props.issue} />
    </label>
  );
}
