import type { ReactNode } from 'react';

/**
 * A plain list table: a caption for screen readers, one header cell per column, the rows as given.
 * The Containers page has its own (sorting, virtual rows); this one is for the short lists.
 */
export function SimpleTable({
  testId,
  caption,
  columns,
  children,
}: {
  testId: string;
  /** Read by screen readers only; the page's heading already says it to sighted users. */
  caption?: string;
  columns: readonly ReactNode[];
  children: ReactNode;
}) {
  return (
    <table className="table simple-table" data-testid={testId}>
      {caption && <caption className="sr-only">{caption}</caption>}
      <thead>
        <tr>
          {columns.map((column, index) => (
            <th key={index} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
