import { cpuModeLabel, type CpuMode } from '../../../../shared/sampling';

/** Switches CPU % between "100 % = one core" and "% of the machine"; says which is on. */
export function CpuModeToggle(props: {
  mode: CpuMode;
  cores: number;
  onChange: (mode: CpuMode) => void;
}): React.JSX.Element {
  const { mode, cores, onChange } = props;
  return (
    <fieldset className="cpu-mode" data-testid="cpu-mode">
      <legend>CPU %</legend>
      <label>
        <input
          type="radio"
          name="cpu-mode"
          checked={mode === 'core'}
          onChange={() => onChange('core')}
        />
        100 % = one core
      </label>
      <label>
        <input
          type="radio"
          name="cpu-mode"
          checked={mode === 'machine'}
          onChange={() => onChange('machine')}
        />
        % of the machine
      </label>
      <span className="hint" data-testid="cpu-mode-label">
        {cpuModeLabel(mode, cores)}
      </span>
    </fieldset>
  );
}
