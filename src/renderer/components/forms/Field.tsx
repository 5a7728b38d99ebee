import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { issueText } from '../../i18n/issueText';
import type { FormIssue } from '../../model/formIssues';

export interface ControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/**
 * A labelled form control with its hint and its validation messages, wired for assistive
 * technology (aria-invalid, aria-describedby). The control itself comes from a render function.
 */
export function Field({
  label,
  hint,
  issues = [],
  className,
  children,
}: {
  label: string;
  hint?: ReactNode;
  issues?: readonly FormIssue[];
  className?: string;
  children: (props: ControlProps) => ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = issues.length > 0 ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', issues.length > 0 ? 'field-invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': issues.length > 0, 'aria-describedby': describedBy })}
      {errorId && (
        <div id={errorId} className="field-error" data-testid="field-error">
          {issues.map((issue, index) => (
            <p key={index}>{issueText(t, issue)}</p>
          ))}
        </div>
      )}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
