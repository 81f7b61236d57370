/**
 * A labelled number field that keeps what was typed, even invalid or empty, so the lab's
 * validation (not the browser) says what is wrong and names the field.
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
}): React.JSX.Element {
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
      />
    </label>
  );
}
