/** A number field that keeps what was typed (even invalid) so the lab can say what is wrong. */
export function NumberField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  width?: number;
  title?: string;
}): React.JSX.Element {
  return (
    <label className="field" title={props.title}>
      {props.label}
      <input
        name={props.name}
        type="number"
        value={props.value}
        placeholder={props.placeholder}
        style={props.width ? { width: props.width } : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </label>
  );
}
