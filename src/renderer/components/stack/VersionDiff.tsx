// Two versions of a compose file as one read-only document with the older one's lines shown
// deleted and the newer one's inserted (@codemirror/merge's unified view). Loaded on demand.
import { yaml } from '@codemirror/lang-yaml';
import { unifiedMergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { shadowMount } from './shadowMount';
import { useEffect, useRef } from 'react';

export interface VersionDiffProps {
  /** The older text. */
  original: string;
  /** The newer text. */
  changed: string;
  label: string;
}

const theme = EditorView.theme({
  '&': { fontSize: '13px', border: '1px solid var(--border)', borderRadius: 'var(--radius)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', maxHeight: '60vh' },
  '.cm-gutters': { background: '#f6f8fa', borderRight: '1px solid var(--border)' },
});

export default function VersionDiff({ original, changed, label }: VersionDiffProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const { root, parent } = shadowMount(host.current as HTMLDivElement);
    const editor = new EditorView({
      parent,
      root,
      state: EditorState.create({
        doc: changed,
        extensions: [
          basicSetup,
          yaml(),
          theme,
          EditorState.readOnly.of(true),
          EditorView.editable.of(false),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          unifiedMergeView({ original, mergeControls: false, syntaxHighlightDeletions: false }),
        ],
      }),
    });
    return () => editor.destroy();
  }, [original, changed, label]);
  return <div ref={host} className="version-diff" data-testid="version-diff" />;
}
