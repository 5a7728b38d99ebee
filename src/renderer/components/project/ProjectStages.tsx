import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProjectView } from '../../../shared/types';
import { useRoutes } from '../../api/queries';
import { errorText } from '../../i18n/errorText';
import '../../styles/project.css';
import { Icon } from '../Icon';
import { Loading } from '../Loading';
import { RoutesList } from './RoutesList';
import { StageCard } from './StageCard';
import { StageDialog } from './StageDialog';

/** The project-specific half of a project's page: a card per stage, then the project's routes. */
export function ProjectStages({ project }: { project: ProjectView }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const routes = useRoutes(project.id);
  return (
    <>
      <section className="card" data-testid="project-stages">
        <div className="card-head">
          <h2>{t('workloadDetail.stages')}</h2>
          <button type="button" className="button button-ghost button-small" data-testid="add-stage" onClick={() => setAdding(true)}>
            <Icon name="plus" size={14} />
            {t('forms.project.addStage')}
          </button>
        </div>
        {project.stages.map((stage) => (
          <StageCard key={stage.id} project={project} stage={stage} route={routes.data?.routes.find((r) => r.stageId === stage.id)} />
        ))}
      </section>
      <section className="card" data-testid="project-routes">
        <h2>{t('project.routes.title')}</h2>
        {routes.isPending ? (
          <Loading label={t('project.routes.loading')} />
        ) : routes.isError ? (
          <p className="danger-text">{errorText(t, routes.error)}</p>
        ) : (
          <RoutesList routes={routes.data} />
        )}
      </section>
      {adding && <StageDialog project={project} stage={null} onClose={() => setAdding(false)} />}
    </>
  );
}
