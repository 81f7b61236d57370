import { useTranslation } from 'react-i18next';
import { setThemeChoice, useThemeChoice, type ThemeChoice } from '../theme/theme-store';

/** The choices, in menu order; each one's name is the text common.theme.<choice>. */
const CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** The header's theme picker: follow the OS, or light or dark, remembered in this browser. */
export function ThemeToggle(): React.JSX.Element {
  const { t } = useTranslation();
  const choice = useThemeChoice();
  return (
    <label className="theme-toggle">
      {t('common.theme.label')}
      <select
        value={choice}
        data-testid="theme-toggle"
        onChange={(event) => setThemeChoice(event.target.value as ThemeChoice)}
      >
        {CHOICES.map((option) => (
          <option key={option} value={option}>
            {t(`common.theme.${option}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
