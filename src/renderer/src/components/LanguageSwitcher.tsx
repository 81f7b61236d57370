import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type LanguageId } from '../i18n';

/** The header's language menu: English or 简体中文; the OS locale decides until one is picked. */
export function LanguageSwitcher(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  return (
    <select
      className="language-switcher"
      value={i18n.language}
      data-testid="language"
      aria-label={t('language.label')}
      onChange={(event) => setLanguage(event.target.value as LanguageId)}
    >
      {LANGUAGES.map((language) => (
        <option key={language.id} value={language.id} lang={language.id}>
          {language.label}
        </option>
      ))}
    </select>
  );
}
