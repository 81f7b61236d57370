/**
 * An empty row standing for the rows of a virtual table that are scrolled out of view, so the
 * scroll bar has the whole table's length. Nothing is rendered when no rows are left out.
 */
export function VirtualSpacer(props: {
  height: number;
  columns: number;
}): React.JSX.Element | null {
  if (props.height <= 0) return null;
  return (
    <tr className="virtual-spacer" aria-hidden="true">
      <td colSpan={props.columns} style={{ height: props.height }} />
    </tr>
  );
}
