import { useTranslation } from 'react-i18next';
import type { CpuMode } from '../../../../shared/sampling';

/** Switches CPU % between "100 % = one core" and "% of the machine"; says which is on. */
export function CpuModeToggle(props: {
  mode: CpuMode;
  cores: number;
  onChange: (mode: CpuMode) => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const { mode, cores, onChange } = props;
  return (
    <fieldset className="cpu-mode" data-testid="cpu-mode">
      <legend>{t('processes.cpuMode.legend')}</legend>
      <label>
        <input
          type="radio"
          name="cpu-mode"
          checked={mode === 'core'}
          onChange={() => onChange('core')}
        />
        {t('processes.cpuMode.core')}
      </label>
      <label>
        <input
          type="radio"
          name="cpu-mode"
          checked={mode === 'machine'}
          onChange={() => onChange('machine')}
        />
        {t('processes.cpuMode.machine')}
      </label>
      <span className="hint" data-testid="cpu-mode-label">
        {mode === 'core'
          ? t('processes.cpuMode.coreLabel')
          : t('processes.cpuMode.machineLabel', { cores })}
      </span>
    </fieldset>
  );
}
