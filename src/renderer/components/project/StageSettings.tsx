import { useTranslation } from 'react-i18next';
import type { StageView } from '../../../shared/types';

/** A stage's saved settings; env values stay hidden (they are often secrets), their keys are listed. */
export function StageSettings({ stage, image, host }: { stage: StageView; image: string; host: string | null }) {
  const { t } = useTranslation();
  const dash = t('common.none');
  const keys = Object.keys(stage.env);
  return (
    <dl className="facts facts-compact" data-testid="stage-settings">
      <dt>{t('project.settings.image')}</dt>
      <dd className="mono wrap">{image}</dd>
      <dt>{t('forms.project.port')}</dt>
      <dd>{stage.port ?? dash}</dd>
      <dt>{t('forms.project.healthCheckPath')}</dt>
      <dd className="mono">
        {stage.healthCheckPath ? t('workloadDetail.healthCheck', { path: stage.healthCheckPath, seconds: stage.healthTimeoutSec }) : dash}
      </dd>
      <dt>{t('project.settings.address')}</dt>
      <dd className="mono wrap">{host ?? (stage.port === null ? t('project.settings.noPort') : t('project.settings.addressOnDeploy'))}</dd>
      <dt>{t('forms.project.maxInstances')}</dt>
      <dd>{stage.maxInstances}</dd>
      <dt>{t('workloadDetail.envKeys')}</dt>
      <dd className="mono wrap">{keys.length > 0 ? keys.join(', ') : dash}</dd>
    </dl>
  );
}
