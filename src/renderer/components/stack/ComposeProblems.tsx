import { useTranslation } from 'react-i18next';
import type { ComposeProblem, HostAccessUse } from '../../../shared/contract/stacks';
import { composeProblemText } from './problemText';
import { problemKindLabel } from './stackLabels';
import '../../styles/stack.css';

/** The problems under the editor, in file order; each moves the editor's cursor to its place. */
export function ComposeProblemList({ problems, onPick }: { problems: readonly ComposeProblem[]; onPick(problem: ComposeProblem): void }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <ul className="problem-list" data-testid="compose-problems" aria-label={t('stack.editor.problemsLabel')}>
      {problems.map((problem, index) => (
        <li key={`${problem.line}:${problem.column}:${index}`}>
          <button
            type="button"
            className="problem"
            data-testid="compose-problem"
            data-line={problem.line}
            data-kind={problem.kind}
            onClick={() => onPick(problem)}
          >
            <span className="strong nowrap">{t('stack.editor.problemAt', { line: problem.line })}</span>
            <span className="wrap">{composeProblemText(t, problem)}</span>
            <span className="badge badge-subtle push-right nowrap">{problemKindLabel(t, problem.kind)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The options of the file that hand a container the host, whether or not the stack allows them. */
export function HostAccessList({ uses, allowed, onPick }: { uses: readonly HostAccessUse[]; allowed: boolean; onPick(use: HostAccessUse): void }) {
  const { t } = useTranslation();
  if (uses.length === 0) return <p className="muted small">{t('stack.hostAccess.none')}</p>;
  return (
    <div className="host-access-uses" data-testid="host-access-uses" data-allowed={allowed}>
      <p className="small">{allowed ? t('stack.hostAccess.usedAllowed') : t('stack.hostAccess.usedRefused')}</p>
      <ul>
        {uses.map((use, index) => (
          <li key={`${use.service}:${use.option}:${index}`}>
            <button type="button" className="problem" data-testid="host-access-use" onClick={() => onPick(use)}>
              <span className="strong nowrap">{t('stack.editor.problemAt', { line: use.line })}</span>
              <span className="mono">{use.service}</span>
              <span className="mono wrap">{use.option}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** How the last check of the file stands: checking, its problem count, or none found. */
export function CheckState({ checking, count }: { checking: boolean; count: number }) {
  const { t } = useTranslation();
  return (
    <span className="small muted" data-testid="stack-check-state" data-state={checking ? 'checking' : count > 0 ? 'problems' : 'ok'}>
      {checking ? t('stack.editor.checking') : count > 0 ? t('stack.editor.problemCount', { count }) : t('stack.editor.noProblems')}
    </span>
  );
}
