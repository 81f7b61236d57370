import { useId } from 'react';
import type { FieldIssue } from '../../../shared/field-issues';
import { FieldError, invalidProps } from './FieldError';

/** One choice of a SelectField: its value, the text shown, and whether it can be picked. */
export interface SelectOption<T extends string> {
  value: T;
  label: string;
  disabled?: boolean;
}

/** A labelled drop-down of fixed options; `onChange` gets one of the options' values. */
export function SelectField<T extends string>(props: {
  label: string;
  name: string;
  value: T;
  options: readonly SelectOption<T>[];
  onChange: (value: T) => void;
  /** Hover text: what the choice changes. */
  title?: string;
  /** The lab's refusal of this field, if any. */
  issue?: FieldIssue;
}): React.JSX.Element {
  const errorId = useId();
  return (
    <label className="field" title={props.title}>
      <span>{props.label}</span>
      <select
        name={props.name}
        value={props.value}
        // The browser only offers the options listed, so the value is one of them.
        onChange={(event) => props.onChange(event.target.value as T)}
        {...invalidProps(errorId, props.issue)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={errorId} issue={props.issue} />
    </label>
  );
}
