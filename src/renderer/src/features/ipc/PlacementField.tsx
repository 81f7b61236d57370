import { useTranslation } from 'react-i18next';
import { IPC_PLACEMENTS, type IpcPlacement } from '../../../../shared/ipc-mechanisms';
import { SelectField } from '../../components/SelectField';

/** Picks where a run's ends execute: scheduler's choice, one core, or two. */
export function PlacementField(props: {
  name: string;
  value: IpcPlacement;
  onChange: (value: IpcPlacement) => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const options = IPC_PLACEMENTS.map((value) => ({ value, label: t(`ipc.placements.${value}`) }));
  return (
    <SelectField
      label={t('ipc.placement.label')}
      title={t('ipc.placement.why')}
      options={options}
      {...props}
    />
  );
}
