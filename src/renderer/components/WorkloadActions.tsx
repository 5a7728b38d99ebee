import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkloadView } from '../../shared/types';
import { DeleteWorkloadDialog } from './DeleteWorkloadDialog';
import { RenameWorkloadDialog } from './RenameWorkloadDialog';

/** Rename and Delete buttons with their dialogs, for a list row or a detail page. */
export function WorkloadActions({ workload, onDeleted, compact = false }: { workload: WorkloadView; onDeleted?(): void; compact?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'rename' | 'delete' | null>(null);
  const size = compact ? ' button-small' : '';
  return (
    <div className="actions">
      <button
        type="button"
        className={`button button-ghost${size}`}
        data-testid="rename-workload"
        aria-label={compact ? t('workloads.rename.labelFor', { name: workload.name }) : undefined}
        onClick={() => setOpen('rename')}
      >
        {t('workloads.rename.action')}
      </button>
      <button
        type="button"
        className={`button button-ghost button-danger-text${size}`}
        data-testid="delete-workload"
        aria-label={compact ? t('workloads.delete.labelFor', { name: workload.name }) : undefined}
        onClick={() => setOpen('delete')}
      >
        {t('workloads.delete.action')}
      </button>
      {open === 'rename' && <RenameWorkloadDialog workload={workload} onClose={() => setOpen(null)} />}
      {open === 'delete' && (
        <DeleteWorkloadDialog
          workload={workload}
          onClose={() => setOpen(null)}
          onDeleted={() => {
            setOpen(null);
            onDeleted?.();
          }}
        />
      )}
    </div>
  );
}
