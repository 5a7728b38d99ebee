import { useCallback, useEffect, useRef, useState } from 'react';
import { collapseIssues, placeRefusal } from '../../model/formIssues';
import type { FormIssue } from '../../model/formIssues';

/**
 * A form's validation state: issues found before sending, issues from the engine's VALIDATION
 * answer (placed on their fields), and any other error. After a failed submit the first invalid
 * control gets focus, so keyboard and screen-reader users land on the problem.
 */
export function useFormIssues() {
  const [issues, setIssues] = useState<FormIssue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [focusTick, setFocusTick] = useState(0);

  useEffect(() => {
    if (focusTick === 0) return;
    const target = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? formRef.current?.querySelector<HTMLElement>('[role="alert"]');
    target?.focus();
  }, [focusTick]);

  const reset = useCallback(() => {
    setIssues([]);
    setError(null);
  }, []);

  /** Records issues found in the renderer; returns true when the form may be sent. */
  const check = useCallback((all: FormIssue[]) => {
    const found = collapseIssues(all);
    setIssues(found);
    setError(null);
    if (found.length > 0) setFocusTick((n) => n + 1);
    return found.length === 0;
  }, []);

  const fail = useCallback((failure: unknown) => {
    const placed = placeRefusal(failure);
    setIssues(placed.issues);
    setError(placed.error);
    setFocusTick((n) => n + 1);
  }, []);

  return { issues, error, formRef, reset, check, fail };
}

export type FormIssuesState = ReturnType<typeof useFormIssues>;
