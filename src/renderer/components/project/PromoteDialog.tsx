import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProjectView, StageImageView, StageView } from '../../../shared/types';
import { usePromote } from '../../api/projectMutations';
import { ConfirmDialog } from '../ConfirmDialog';
import { Field } from '../forms/Field';
import { shortDigest } from '../../../shared/imageName';

/** Deploys the exact image (by digest) one stage runs to another stage of the same project. */
export function PromoteDialog({ project, from, current, onClose }: { project: ProjectView; from: StageView; current: StageImageView; onClose(): void }) {
  const { t } = useTranslation();
  const targets = project.stages.filter((s) => s.id !== from.id);
  const [to, setTo] = useState(targets[0]?.id ?? '');
  const promote = usePromote();
  return (
    <ConfirmDialog
      title={t('project.promote.title', { stage: from.name })}
      testId="promote-dialog"
      onClose={onClose}
      tone="primary"
      confirmLabel={t('project.promote.submit')}
      pendingLabel={t('project.deploy.starting')}
      pending={promote.isPending}
      canConfirm={to !== ''}
      onConfirm={() => promote.mutate({ fromStageId: from.id, toStageId: to }, { onSuccess: onClose })}
      confirmTestId="confirm-promote"
      failure={promote.error}
    >
      <p>{t('project.promote.body', { image: current.image, digest: shortDigest(current.imageDigest) })}</p>
      <Field label={t('project.promote.target')}>
        {(props) => (
          <select {...props} name="toStageId" value={to} onChange={(e) => setTo(e.target.value)}>
            {targets.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </ConfirmDialog>
  );
}
