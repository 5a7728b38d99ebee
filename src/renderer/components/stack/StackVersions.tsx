// The versions a stack's deploys made, newest first, with the image each service ran; any two
// compared as a line diff of their compose files, and a rollback to any one (its file again, with
// every image pinned to the one it ran).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StackImage, StackVersionView } from '../../../shared/types';
import { useRunStack } from '../../api/stackMutations';
import { ConfirmDialog } from '../ConfirmDialog';
import { Dialog } from '../Dialog';
import { RelativeTime } from '../RelativeTime';
import { LazyVersionDiff } from './LazyCodeEditors';
import { shortImageId } from './stackLabels';

function ImageList({ images }: { images: readonly StackImage[] }) {
  return (
    <ul className="image-list version-images">
      {images.map((image) => (
        <li key={image.service} className="image-line small">
          <span className="mono strong">{image.service}</span>
          <span className="mono wrap" title={image.repoDigest ?? image.imageId}>
            {image.image}
          </span>
          <span className="mono muted">{shortImageId(image.imageId)}</span>
        </li>
      ))}
    </ul>
  );
}

function CompareDialog({ versions, initial, onClose }: { versions: readonly StackVersionView[]; initial: StackVersionView; onClose(): void }) {
  const { t } = useTranslation();
  // By default the chosen version against the one before it (or itself, for the first).
  const older = versions.find((v) => v.number < initial.number) ?? initial;
  const [fromId, setFromId] = useState(older.id);
  const [toId, setToId] = useState(initial.id);
  const from = versions.find((v) => v.id === fromId) ?? older;
  const to = versions.find((v) => v.id === toId) ?? initial;
  const pick = (value: string, onChange: (id: string) => void, name: string, label: string) => (
    <label className="field">
      <span>{label}</span>
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        {versions.map((v) => (
          <option key={v.id} value={v.id}>
            {t('stack.versions.number', { number: v.number })}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <Dialog title={t('stack.versions.compareTitle')} testId="stack-compare-dialog" wide onClose={onClose}>
      <div className="compare-picks">
        {pick(fromId, setFromId, 'from', t('stack.versions.from'))}
        {pick(toId, setToId, 'to', t('stack.versions.to'))}
      </div>
      {from.id === to.id ? (
        <p className="muted">{t('stack.versions.sameVersion')}</p>
      ) : from.composeFile === to.composeFile ? (
        <p className="muted" data-testid="version-diff-same">
          {t('stack.versions.sameFile')}
        </p>
      ) : (
        <LazyVersionDiff
          key={`${from.id}:${to.id}`}
          original={from.composeFile}
          changed={to.composeFile}
          label={t('stack.versions.diffLabel', { from: from.number, to: to.number })}
        />
      )}
    </Dialog>
  );
}

function RollbackDialog({ workloadId, version, onClose }: { workloadId: string; version: StackVersionView; onClose(): void }) {
  const { t } = useTranslation();
  const run = useRunStack(workloadId);
  return (
    <ConfirmDialog
      title={t('stack.rollback.title', { number: version.number })}
      testId="stack-rollback-dialog"
      onClose={onClose}
      tone="primary"
      confirmLabel={t('stack.rollback.confirm')}
      pendingLabel={t('stack.rollback.pending')}
      pending={run.isPending}
      onConfirm={() => run.mutate({ kind: 'rollback', versionId: version.id }, { onSuccess: onClose })}
      confirmTestId="stack-rollback-confirm"
      failure={run.error}
    >
      <p>{t('stack.rollback.body', { number: version.number })}</p>
      <ImageList images={version.images} />
    </ConfirmDialog>
  );
}

export function StackVersions({ workloadId, versions, busy }: { workloadId: string; versions: readonly StackVersionView[]; busy: boolean }) {
  const { t } = useTranslation();
  const [comparing, setComparing] = useState<StackVersionView | null>(null);
  const [rollingBack, setRollingBack] = useState<StackVersionView | null>(null);
  if (versions.length === 0) return <p className="muted">{t('stack.versions.empty')}</p>;
  return (
    <>
      <ul className="stack-versions" data-testid="stack-versions">
        {versions.map((version, index) => (
          <li key={version.id} className="stack-version" data-testid="stack-version" data-number={version.number}>
            <div className="operation-head">
              <span className="strong">{t('stack.versions.number', { number: version.number })}</span>
              {index === 0 && <span className="badge badge-info">{t('stack.versions.newest')}</span>}
              <span className="muted small">
                <RelativeTime at={version.createdAt} />
              </span>
              <span className="actions push-right">
                {versions.length > 1 && (
                  <button type="button" className="button button-ghost button-small" data-testid="stack-version-compare" onClick={() => setComparing(version)}>
                    {t('stack.versions.compare')}
                  </button>
                )}
                <button
                  type="button"
                  className="button button-ghost button-small"
                  data-testid="stack-version-rollback"
                  disabled={busy}
                  onClick={() => setRollingBack(version)}
                >
                  {t('stack.versions.rollback')}
                </button>
              </span>
            </div>
            <ImageList images={version.images} />
          </li>
        ))}
      </ul>
      {comparing && <CompareDialog versions={versions} initial={comparing} onClose={() => setComparing(null)} />}
      {rollingBack && <RollbackDialog workloadId={workloadId} version={rollingBack} onClose={() => setRollingBack(null)} />}
    </>
  );
}
