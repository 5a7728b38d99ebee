import { useTranslation } from 'react-i18next';
import type { StageView } from '../../shared/types';
import { SimpleTable } from './SimpleTable';

/** A project's stages, one row each; env values stay hidden (they are often secrets), keys are listed. */
export function StagesTable({ stages }: { stages: readonly StageView[] }) {
  const { t } = useTranslation();
  const dash = t('common.none');
  return (
    <SimpleTable
      testId="stages-table"
      columns={[
        t('forms.project.stageName'),
        t('forms.project.imageTag'),
        t('forms.project.port'),
        t('forms.project.healthCheckPath'),
        t('forms.project.subdomain'),
        t('forms.project.maxInstances'),
        t('workloadDetail.envKeys'),
      ]}
    >
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
    </SimpleTable>
  );
}
