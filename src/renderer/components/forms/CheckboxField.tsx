import { useId, type ReactNode } from 'react';

/** A checkbox with its label beside it and an optional hint below, described for assistive technology. */
export function CheckboxField({
  label,
  hint,
  name,
  checked,
  onChange,
  className,
  testId,
}: {
  label: string;
  hint?: ReactNode;
  name: string;
  checked: boolean;
  onChange(checked: boolean): void;
  className?: string;
  testId?: string;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={['field', 'field-checkbox', className ?? ''].filter(Boolean).join(' ')}>
      <label htmlFor={id} className="checkbox-label">
        <input
          id={id}
          type="checkbox"
          name={name}
          checked={checked}
          data-testid={testId}
          aria-describedby={hintId}
          onChange={(event) => onChange(event.target.checked)}
        />
        <span>{label}</span>
      </label>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
