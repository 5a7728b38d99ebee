// CodeMirror loaded on demand: the editor and the diff are their own chunk, fetched when a stack's
// page or the stack form first shows one, so no other page carries it.
import { Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../Loading';
import type { ComposeEditorProps } from './ComposeEditor';
import type { VersionDiffProps } from './VersionDiff';

const ComposeEditor = lazy(() => import('./ComposeEditor'));
const VersionDiff = lazy(() => import('./VersionDiff'));

export function LazyComposeEditor(props: ComposeEditorProps) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<Loading label={t('stack.editor.loading')} />}>
      <ComposeEditor {...props} />
    </Suspense>
  );
}

export function LazyVersionDiff(props: VersionDiffProps) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<Loading label={t('stack.editor.loading')} />}>
      <VersionDiff {...props} />
    </Suspense>
  );
}
