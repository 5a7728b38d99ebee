import { useId, type ReactNode } from 'react';
import { unclaimedIssues } from '../../model/formIssues';
import { FormErrorSummary } from './FormErrorSummary';
import type { FormIssuesState } from './useFormIssues';

/**
 * A form wired to its useFormIssues state: the browser's own validation off (the contract's schema
 * speaks instead), the error summary on top listing whatever no field shows, and the ref the state
 * uses to move focus to the first problem after a failed submit.
 */
export function ValidatedForm({
  form,
  onSubmit,
  fieldPaths,
  fieldLabel,
  title,
  className,
  testId,
  children,
}: {
  form: Pick<FormIssuesState, 'issues' | 'error' | 'formRef'>;
  /** Called on submit, with the page's own navigation already prevented. */
  onSubmit(): void;
  /** The paths the form's fields show issues for; the summary lists the issues at any other. */
  fieldPaths: readonly string[];
  fieldLabel?: (path: string) => string | undefined;
  /** A heading that names the form; a form inside a titled dialog goes without. */
  title?: string;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const titleId = useId();
  return (
    <form
      className={className}
      noValidate
      ref={form.formRef}
      data-testid={testId}
      aria-labelledby={title ? titleId : undefined}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {title && <h2 id={titleId}>{title}</h2>}
      <FormErrorSummary issues={form.issues} unclaimed={unclaimedIssues(form.issues, fieldPaths)} error={form.error} fieldLabel={fieldLabel} />
      {children}
    </form>
  );
}
