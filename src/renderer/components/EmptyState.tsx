import type { ReactNode } from 'react';

export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="state-panel" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </div>
  );
}
