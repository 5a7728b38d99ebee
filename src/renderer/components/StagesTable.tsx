import { useTranslation } from 'react-i18next';
import type { StageView } from '../../shared/types';

/** A project's stages, one row each; env values stay hidden (they are often secrets), keys are listed. */
export function StagesTable({ stages }: { stages: readonly StageView[] }) {
  const { t } = useTranslation();
  const dash = t('common.none');
  return (
    <table className="table simple-table" data-testid="stages-table">
      <thead>
        <tr>
          <th scope="col">{t('forms.project.stageName')}</th>
          <th scope="col">{t('forms.project.imageTag')}</th>
          <th scope="col">{t('forms.project.port')}</th>
          <th scope="col">{t('forms.project.healthCheckPath')}</th>
          <th scope="col">{t('forms.project.subdomain')}</th>
          <th scope="col">{t('forms.project.maxInstances')}</th>
          <th scope="col">{t('workloadDetail.envKeys')}</th>
        </tr>
      </thead>
      <tbody>
        {stages.map((stage) => {
          const keys = Object.keys(stage.env);
          return (
            <tr key={stage.id} data-testid="stage-row" data-stage-name={stage.name}>
              <td className="cell-strong">{stage.name}</td>
              <td className="mono">{stage.imageTag}</td>
              <td>{stage.port ?? dash}</td>
              <td className="mono">
                {stage.healthCheckPath ? t('workloadDetail.healthCheck', { path: stage.healthCheckPath, seconds: stage.healthTimeoutSec }) : dash}
              </td>
              <td className="mono">{stage.subdomain ?? dash}</td>
              <td>{stage.maxInstances}</td>
              <td className="mono" title={keys.join(', ')}>
                {keys.length > 0 ? keys.join(', ') : dash}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
