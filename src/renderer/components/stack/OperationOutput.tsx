import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The compose CLI's lines in a monospaced panel that follows the newest line, unless the user has
 * scrolled up to read: then it stays where they are until they scroll back to the bottom.
 */
export function OperationOutput({ lines, testId }: { lines: readonly string[]; testId: string }) {
  const { t } = useTranslation();
  const panel = useRef<HTMLPreElement>(null);
  const stuck = useRef(true);

  useLayoutEffect(() => {
    const el = panel.current;
    if (el && stuck.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  return (
    <pre
      ref={panel}
      className="code-block operation-output"
      data-testid={testId}
      data-lines={lines.length}
      tabIndex={0}
      aria-label={t('stack.output.label')}
      onScroll={(e) => {
        const el = e.currentTarget;
        stuck.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {lines.length > 0 ? lines.join('\n') : <span className="muted">{t('stack.output.empty')}</span>}
    </pre>
  );
}
