import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n/errorText';
import { ConfirmActions, type ConfirmTone } from './ConfirmActions';
import { Dialog } from './Dialog';

/**
 * A question with one answer that does something: the body, then the error of the last attempt
 * (if any), then Cancel and the action. Focus starts on Cancel; Escape and the close button cancel.
 */
export function ConfirmDialog({
  title,
  testId,
  onClose,
  children,
  error,
  failure,
  tone,
  confirmLabel,
  pendingLabel,
  pending,
  canConfirm,
  onConfirm,
  confirmTestId,
}: {
  title: string;
  testId: string;
  onClose(): void;
  children: ReactNode;
  /** Rendered between the body and the buttons; the caller chooses how its failure reads. */
  error?: ReactNode;
  /** The last attempt's error (a mutation's `error`), shown as one sentence when no `error` is given. */
  failure?: unknown;
  tone: ConfirmTone;
  confirmLabel: string;
  pendingLabel: string;
  pending: boolean;
  canConfirm?: boolean;
  onConfirm(): void;
  confirmTestId: string;
}) {
  return (
    <Dialog title={title} onClose={onClose} testId={testId}>
      {children}
      {error ?? (failure ? <FailureText failure={failure} /> : null)}
      <ConfirmActions
        tone={tone}
        label={confirmLabel}
        pendingLabel={pendingLabel}
        pending={pending}
        canConfirm={canConfirm}
        onConfirm={onConfirm}
        confirmTestId={confirmTestId}
        onCancel={onClose}
        focusCancel
      />
    </Dialog>
  );
}

function FailureText({ failure }: { failure: unknown }) {
  const { t } = useTranslation();
  return (
    <p className="danger-text wrap" role="alert">
      {errorText(t, failure)}
    </p>
  );
}
