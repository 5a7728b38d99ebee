import { useTranslation } from 'react-i18next';
import { CallError } from '../../../shared/errors';
import { errorText } from '../../i18n/errorText';
import { issueText } from '../../i18n/issueText';
import type { FormIssue } from '../../model/formIssues';

/**
 * The top of a form after a failed submit: how many fields need fixing, any issue no field shows
 * (e.g. "stage names must be unique"), and an error that is not about fields at all.
 */
export function FormErrorSummary({
  issues,
  unclaimed,
  error,
  fieldLabel,
}: {
  issues: readonly FormIssue[];
  unclaimed: readonly FormIssue[];
  error: unknown;
  /** Names a path no field claims (`stages`), so the message says what it is about. */
  fieldLabel?: (path: string) => string | undefined;
}) {
  const { t } = useTranslation();
  if (issues.length === 0 && error === null) return null;
  const detailed = error instanceof CallError && error.code === 'WORKLOAD_HAS_CONTAINERS';
  return (
    <div className="form-errors" role="alert" data-testid="form-errors">
      {issues.length > 0 && <p className="form-errors-title">{t('forms.fixFields', { count: issues.length })}</p>}
      {unclaimed.length > 0 && (
        <ul>
          {unclaimed.map((issue, index) => (
            <li key={index}>
              {issue.path ? t('forms.issueAt', { field: fieldLabel?.(issue.path) ?? issue.path, message: issueText(t, issue) }) : issueText(t, issue)}
            </li>
          ))}
        </ul>
      )}
      {error !== null && <p className={detailed ? 'preserve-lines' : undefined}>{errorText(t, error)}</p>}
    </div>
  );
}
