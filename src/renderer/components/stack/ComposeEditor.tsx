// The compose file in CodeMirror 6: YAML highlighting, line numbers, and each problem of the last
// check underlined at its place with a gutter mark. Loaded on demand (LazyCodeEditors): CodeMirror
// is most of this chunk and only a stack's page and the stack form need it.
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorSelection, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { shadowMount } from './shadowMount';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import type { ComposeProblem } from '../../../shared/contract/stacks';
import { problemRange } from '../../model/composeProblems';

export interface ComposeEditorHandle {
  /** Puts the cursor at a problem's place, scrolls it into view and focuses the editor. */
  focusAt(line: number, column: number): void;
}

export interface ComposeEditorProps {
  value: string;
  onChange?(value: string): void;
  problems?: readonly ComposeProblem[];
  /** A problem's text in the user's language. */
  describe(problem: ComposeProblem): string;
  label: string;
  testId?: string;
  readOnly?: boolean;
  handle?: Ref<ComposeEditorHandle>;
}

const theme = EditorView.theme({
  '&': { fontSize: '13px', border: '1px solid var(--border)', borderRadius: 'var(--radius)', background: 'var(--surface)' },
  '&.cm-focused': { outline: '2px solid var(--accent, #2f6feb)', outlineOffset: '-1px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', minHeight: '220px', maxHeight: '520px' },
  '.cm-gutters': { background: '#f6f8fa', borderRight: '1px solid var(--border)' },
});

function diagnosticsFor(doc: string, problems: readonly ComposeProblem[], describe: (problem: ComposeProblem) => string): Diagnostic[] {
  return problems.map((problem) => ({ ...problemRange(doc, problem), severity: 'error', message: describe(problem) }));
}

export default function ComposeEditor({ value, onChange, problems = [], describe, label, testId, readOnly = false, handle }: ComposeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // The latest callback, read by the editor's listener, which is made once.
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const { root, parent } = shadowMount(host.current as HTMLDivElement);
    const editor = new EditorView({
      parent,
      root,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          yaml(),
          lintGutter(),
          theme,
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(!readOnly),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current?.(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is made once; later values and problems are dispatched into it below.
  }, []);

  // A value from outside (a save that answered, a version loaded) replaces the text; the user's
  // own typing comes back here equal to the document and changes nothing.
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    editor.dispatch(setDiagnostics(editor.state, diagnosticsFor(editor.state.doc.toString(), problems, describe)));
  }, [problems, describe]);

  useImperativeHandle(
    handle,
    () => ({
      focusAt(line, column) {
        const editor = view.current;
        if (!editor) return;
        const { from } = problemRange(editor.state.doc.toString(), { line, column });
        editor.dispatch({ selection: EditorSelection.cursor(from), effects: EditorView.scrollIntoView(from, { y: 'center' }) });
        editor.focus();
      },
    }),
    [],
  );

  return <div ref={host} className="compose-editor" data-testid={testId} />;
}
