// Errors are data (STYLE.md, Errors): the code travels as `code`, and no message starts with one
// ("CONFLICT: ..."), because a renderer that finds a code in the text is tempted to parse it. This
// reads every string the engine writes with the TypeScript parser and refuses one that begins with
// an upper-case CODE and a colon, whether it is passed to `new AppError` or built anywhere else
// (a host's reason, a test result's error, a deploy's failure).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = resolve(__dirname, '..');
const CODE_PREFIX = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*: /;

/**
 * Files being restructured by someone else right now; their messages are fixed when that lands.
 * The last test fails once a listed file is clean, so the list cannot outlive its reason.
 */
const PENDING = new Set<string>();

export interface PrefixedString {
  line: number;
  text: string;
}

/** Every string or template literal whose text (up to its first `${`) starts with `CODE: `. */
export function prefixedStrings(fileName: string, source: string): PrefixedString[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: PrefixedString[] = [];
  const visit = (node: ts.Node) => {
    let text: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) text = node.head.text;
    // `${code}: ...` pastes a code in front just the same.
    if (ts.isTemplateExpression(node) && node.head.text === '' && node.templateSpans[0]?.literal.text.startsWith(': ')) {
      const first = node.templateSpans[0].expression.getText(file);
      if (/\bcode\b/i.test(first)) text = `CODE${node.templateSpans[0].literal.text}`;
    }
    if (text !== null && CODE_PREFIX.test(text)) {
      found.push({ line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, text: text.slice(0, 60) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function engineSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return engineSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const posixPath = (path: string) => relative(REPO_ROOT, path).split(sep).join('/');

describe('error messages', () => {
  it('finds a code pasted in front of a message, in every form it takes', () => {
    const source = [
      "throw new AppError('CONFLICT', 'CONFLICT: taken');",
      'throw new AppError(code, `${code}: ${message}`);',
      'const reason = `SSH_UNREACHABLE: the connection to ${host} closed`;',
      "const ok = 'the name is taken: choose another';",
      "const fingerprint = 'SHA256:abc';",
    ].join('\n');
    expect(prefixedStrings('sample.ts', source).map((s) => s.line)).toEqual([1, 2, 3]);
  });

  it('no string in src/main starts with an upper-case CODE and a colon', () => {
    const offenders = engineSources(join(REPO_ROOT, 'src/main'))
      .filter((path) => !PENDING.has(posixPath(path)))
      .flatMap((path) => prefixedStrings(path, readFileSync(path, 'utf8')).map((s) => `${posixPath(path)}:${s.line} ${s.text}`));
    expect(offenders).toEqual([]);
  });

  it('lists a file as pending only while it still has such a string', () => {
    const clean = [...PENDING].filter((path) => prefixedStrings(path, readFileSync(join(REPO_ROOT, path), 'utf8')).length === 0);
    expect(clean).toEqual([]);
  });
});
