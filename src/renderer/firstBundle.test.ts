// The first bundle is what every window evaluates before its first paint: main.tsx (the boot
// module, which opens the engine connection) and the app it then imports (app.tsx). It stays free
// of the schema library: src/shared/contract/ (which builds zod schemas) and zod itself may be
// reached only through a lazy route's import(). `import type` is erased and does not count. This
// walks the static imports the way the bundler does, so a stray value import fails here, before a
// build would quietly pull zod back into the first chunks. The boot module's own graph stays free of
// React and the other libraries: the connection opens only once that graph is compiled and run.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob<string>(['./**/*.ts', './**/*.tsx', '../shared/**/*.ts', '!./**/*.test.ts', '!../shared/**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

const ENTRY = './main.tsx';
/** What main.tsx imports for the first paint, with import(). */
const APP = './app.tsx';
const CONTRACT = '../shared/contract/index.ts';

/** The modules a file loads when it runs: static imports and re-exports that are not type-only. */
function runtimeImports(file: string, code: string): string[] {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, false, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.phaseModifier === ts.SyntaxKind.TypeKeyword) continue;
      // `import { type A, type B } from` is erased as well; a bare `import 'x'` is not.
      const named = clause?.namedBindings;
      const allTypes = clause && !clause.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (!allTypes) found.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      found.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return found;
}

/** Resolves `specifier` from glob key `from` to the glob key of a source file, or null (CSS, JSON). */
function resolve(from: string, specifier: string): string | null {
  // Work in paths below src/ (`renderer/api/client.ts`, `shared/errors.ts`), then map back.
  const parts = (from.startsWith('../') ? from.slice(3) : `renderer/${from.slice(2)}`).split('/').slice(0, -1);
  for (const segment of specifier.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.') parts.push(segment);
  }
  const path = parts.join('/');
  const key = path.startsWith('renderer/') ? `./${path.slice('renderer/'.length)}` : `../${path}`;
  return [key, `${key}.ts`, `${key}.tsx`, `${key}/index.ts`].find((candidate) => candidate in sources) ?? null;
}

/** Every source file and package `entries` reach without crossing an import(), and how. */
function staticGraph(entries: string[]) {
  const files = new Set<string>();
  const packages = new Map<string, string>(); // package -> the file that imports it
  const via = new Map<string, string>(); // file -> the file that first imported it
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of runtimeImports(file, sources[file] as string)) {
      if (!specifier.startsWith('.')) {
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] as string);
        if (!packages.has(name)) packages.set(name, file);
        continue;
      }
      const target = resolve(file, specifier);
      if (target && !via.has(target) && !entries.includes(target)) via.set(target, file);
      if (target) queue.push(target);
    }
  }
  /** `main.tsx -> router.tsx -> ... -> file`, to say where a wrong import comes from. */
  const chain = (file: string | undefined): string => (file === undefined ? '' : entries.includes(file) ? file : `${chain(via.get(file))} -> ${file}`);
  return { files, packages, chain };
}

describe('the first bundle', () => {
  const { files, packages, chain } = staticGraph([ENTRY, APP]);

  it('holds the app frame and the Containers page', () => {
    expect(files).toContain('./router.tsx');
    expect(files).toContain('./pages/ContainersPage.tsx');
    expect(files).toContain('../shared/errors.ts');
    expect(packages.has('react-router-dom')).toBe(true);
  });

  it('boots from a module that reaches no library, and imports the app from there', () => {
    const boot = staticGraph([ENTRY]);
    expect(boot.files).toContain('./api/earlyTransport.ts');
    expect(boot.files).not.toContain(APP);
    expect([...boot.packages.keys()]).toEqual([]);
    expect(sources[ENTRY]).toContain("import('./app')");
  });

  it('holds English and not Russian, which is loaded when a window needs it', () => {
    const i18n = runtimeImports('./i18n/i18n.ts', sources['./i18n/i18n.ts'] as string);
    expect(i18n).toContain('./en.json');
    expect(i18n).not.toContain('./ru.json');
    expect(sources['./i18n/i18n.ts']).toContain("import('./ru.json')");
  });

  it('does not load the contract or zod', () => {
    for (const file of files.keys()) expect(file.startsWith('../shared/contract/'), chain(file)).toBe(false);
    expect(packages.has('zod'), `${chain(packages.get('zod'))} -> zod`).toBe(false);
  });

  it('the walk tells value imports from type-only ones', () => {
    expect(runtimeImports('a.ts', "import { contract } from '../shared/contract';")).toEqual(['../shared/contract']);
    expect(runtimeImports('a.ts', "import { type CallName, contract } from '../shared/contract';")).toEqual(['../shared/contract']);
    expect(runtimeImports('a.ts', "import './zodJitless';\nexport { x } from './x';")).toEqual(['./zodJitless', './x']);
    expect(runtimeImports('a.ts', "import type { CallName } from '../shared/contract';")).toEqual([]);
    expect(runtimeImports('a.ts', "import { type CallName } from '../shared/contract';\nexport type { Y } from './y';")).toEqual([]);
    expect(runtimeImports('a.ts', "const Page = () => import('./pages/HostsPage');")).toEqual([]);
    expect(resolve('./api/client.ts', '../../shared/contract')).toBe(CONTRACT);
    expect(resolve('./components/forms/Field.tsx', '../../model/formIssues')).toBe('./model/formIssues.ts');
    expect(resolve('../shared/contract/index.ts', '../errors')).toBe('../shared/errors.ts');
  });
});
