// The import arrows of STYLE.md, enforced: engine <- shells <- nothing; renderer -> shared only;
// shared -> zod only; preload -> shared only. Type-only imports count too: a type that crosses a
// layer drags the other layer's model with it.
import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, posix, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = resolve(__dirname, '..');

interface Rule {
  /** Files under this folder (repo-relative, posix) obey the rule. */
  from: string;
  forbiddenDirs?: string[];
  forbiddenPackages?: string[];
  forbidNodeBuiltins?: boolean;
  /** When set, nothing else may be imported: only these folders and packages. */
  onlyDirs?: string[];
  onlyPackages?: string[];
  /** Folders a test file under `from` may also import (the shared test builders). */
  testDirs?: string[];
}

const RULES: Rule[] = [
  // The engine's foundations: everything else builds on them, so they lean on nothing but the
  // contract's types (and their own packages).
  {
    from: 'src/main/engine/store',
    onlyDirs: ['src/main/engine/store', 'src/shared'],
    testDirs: ['src/main/engine/testing'],
    forbiddenPackages: ['electron'],
  },
  {
    from: 'src/main/engine/docker',
    onlyDirs: ['src/main/engine/docker', 'src/shared'],
    testDirs: ['src/main/engine/testing'],
    forbiddenPackages: ['electron'],
  },
  {
    from: 'src/main/engine',
    forbiddenDirs: ['src/main/electron', 'src/main/browser', 'src/renderer', 'src/preload'],
    forbiddenPackages: ['electron'],
  },
  {
    from: 'src/main/browser',
    forbiddenDirs: ['src/main/electron', 'src/renderer', 'src/preload'],
    forbiddenPackages: ['electron'],
  },
  {
    // The shells reach the engine only; neither leans on the other.
    from: 'src/main/electron',
    forbiddenDirs: ['src/main/browser', 'src/renderer', 'src/preload'],
  },
  {
    from: 'src/renderer',
    forbiddenDirs: ['src/main', 'src/preload'],
    forbiddenPackages: ['electron', 'dockerode', 'better-sqlite3', 'ssh2'],
    forbidNodeBuiltins: true,
  },
  {
    from: 'src/preload',
    forbiddenDirs: ['src/main', 'src/renderer'],
    // The checklist bans electron-toolkit's generic electronAPI bridge.
    forbiddenPackages: ['@electron-toolkit/preload'],
  },
  {
    from: 'src/shared',
    onlyDirs: ['src/shared'],
    onlyPackages: ['zod'],
  },
];

/** Test files run under Node in vitest: they may use its built-ins and vitest, never another layer. */
const TEST_FILE = /\.test(-d)?\.tsx?$/;
const TEST_ONLY_PACKAGES = ['vitest'];

interface Violation {
  file: string;
  specifier: string;
  reason: string;
}

function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Every module specifier in a file, from the TypeScript scanner: comments and strings never count. */
function importSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** Checks one file; `file` is repo-relative with forward slashes (src/main/engine/app.ts). */
function importViolations(file: string, source: string): Violation[] {
  const rule = RULES.find((r) => isUnder(file, r.from));
  if (!rule) return [];
  const isTest = TEST_FILE.test(file);
  const violations: Violation[] = [];
  for (const specifier of importSpecifiers(source)) {
    const reason = check(rule, file, specifier, isTest);
    if (reason) violations.push({ file, specifier, reason });
  }
  return violations;
}

function check(rule: Rule, file: string, specifier: string, isTest: boolean): string | null {
  const relativeSpecifier = specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
  if (relativeSpecifier || specifier.startsWith('/')) {
    const target = specifier.startsWith('/') ? specifier : posix.normalize(posix.join(posix.dirname(file), specifier));
    const forbidden = rule.forbiddenDirs?.find((dir) => isUnder(target, dir));
    if (forbidden) return `${rule.from} must not import from ${forbidden} (resolves to ${target})`;
    const allowedDirs = rule.onlyDirs && [...rule.onlyDirs, ...(isTest ? (rule.testDirs ?? []) : [])];
    if (allowedDirs && !allowedDirs.some((dir) => isUnder(target, dir))) {
      return `${rule.from} may import only from ${allowedDirs.join(', ')} (resolves to ${target})`;
    }
    return null;
  }
  if (rule.forbidNodeBuiltins && !isTest && isBuiltin(specifier)) {
    return `${rule.from} runs in the browser: no Node built-in (${specifier})`;
  }
  const name = packageName(specifier);
  if (rule.forbiddenPackages?.includes(name)) return `${rule.from} must not import ${name}`;
  if (rule.onlyPackages) {
    const allowed = [...rule.onlyPackages, ...(isTest ? TEST_ONLY_PACKAGES : [])];
    if (!allowed.includes(name)) return `${rule.from} may import only ${allowed.join(', ')} (not ${specifier})`;
  }
  return null;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('the source tree', () => {
  const files = sourceFiles(join(REPO_ROOT, 'src')).map((path) => relative(REPO_ROOT, path).split(sep).join('/'));

  it('is actually scanned (the rule cannot pass on an empty list)', () => {
    expect(files).toContain('src/shared/contract/index.ts');
    expect(files).toContain('src/main/electron/main.ts');
    expect(files).toContain('src/preload/index.ts');
  });

  it('imports only in the allowed directions', () => {
    const violations = files.flatMap((file) => importViolations(file, readFileSync(join(REPO_ROOT, file), 'utf8')));
    expect(violations).toEqual([]);
  });
});

/** The engine's rooms (its first-level folders) and which rooms each one's non-test files import. */
function roomGraph(): Map<string, Set<string>> {
  const engine = join(REPO_ROOT, 'src/main/engine');
  const graph = new Map<string, Set<string>>();
  for (const path of sourceFiles(engine)) {
    const file = relative(REPO_ROOT, path).split(sep).join('/');
    const room = file.split('/')[3]!;
    if (TEST_FILE.test(file) || !file.slice('src/main/engine/'.length).includes('/') || room === 'testing') continue;
    const targets = graph.get(room) ?? new Set<string>();
    graph.set(room, targets);
    for (const specifier of importSpecifiers(readFileSync(path, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const target = posix.normalize(posix.join(posix.dirname(file), specifier));
      if (!isUnder(target, 'src/main/engine')) continue;
      const other = target.split('/')[3];
      if (other && other !== room && target.slice('src/main/engine/'.length).includes('/')) targets.add(other);
    }
  }
  return graph;
}

/** Every cycle's rooms, found by depth-first search (empty when the rooms form a DAG). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (room: string, path: string[]) => {
    state.set(room, 'open');
    for (const next of graph.get(room) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), room, next]);
      else if (!state.has(next)) visit(next, [...path, next]);
    }
    state.set(room, 'done');
  };
  for (const room of graph.keys()) if (!state.has(room)) visit(room, [room]);
  return found;
}

describe('the engine by domain', () => {
  it('keeps its rooms free of cycles: no room reaches back to one that imports it', () => {
    const graph = roomGraph();
    expect(graph.size).toBeGreaterThan(8);
    expect(graph.get('projects')).toContain('store');
    expect(cycles(graph)).toEqual([]);
  });

  it('would catch a cycle', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
    ]);
    expect(cycles(graph)).toHaveLength(1);
    expect(
      cycles(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set<string>()],
        ]),
      ),
    ).toEqual([]);
  });
});

describe('type tests', () => {
  // vitest runs a *.test.ts and counts its expectTypeOf calls as passing whatever the types say; a
  // *.test-d.ts is checked by the typecheck npm test runs (every folder is in a tsconfig's include).
  it('live in *.test-d.ts files, which the typecheck checks, never in runtime tests', () => {
    const runtimeTests = [...sourceFiles(join(REPO_ROOT, 'src')), ...sourceFiles(join(REPO_ROOT, 'e2e')), ...sourceFiles(join(REPO_ROOT, 'scripts'))].filter(
      (f) => /\.test\.tsx?$/.test(f),
    );
    expect(runtimeTests.length).toBeGreaterThan(50);
    const hiding = runtimeTests.filter((f) => /\bexpectTypeOf\s*[<(]/.test(readFileSync(f, 'utf8'))).map((f) => relative(REPO_ROOT, f));
    expect(hiding).toEqual([]);
  });
});

describe('the rule itself', () => {
  const caught: Array<[string, string, string]> = [
    ['src/main/engine/store/deployRepo.ts', "import type { DeployStep } from '../projects/deployPlan';", '../projects/deployPlan'],
    ['src/main/engine/store/containerRepo.ts', "import type { PassPlan } from '../reconciler/plan';", '../reconciler/plan'],
    ['src/main/engine/docker/pullImage.ts', "import type { PullAuth } from '../registry/registryAuth';", '../registry/registryAuth'],
    ['src/main/engine/store/db.ts', "import { app } from 'electron';", 'electron'],
    ['src/main/engine/store/db.ts', "import { ipcMain } from 'electron/main';", 'electron/main'],
    ['src/main/engine/app.ts', "import { createMainWindow } from '../electron/window';", '../electron/window'],
    ['src/main/engine/app.ts', "export * from '../browser/server';", '../browser/server'],
    ['src/main/engine/deploy/plan.ts', "import type { Page } from '../../../renderer/pages/Home';", '../../../renderer/pages/Home'],
    ['src/main/engine/app.ts', "const e = await import('../electron');", '../electron'],
    ['src/main/engine/app.ts', "const { app } = require('electron');", 'electron'],
    ['src/main/browser/server.ts', "import { BrowserWindow } from 'electron';", 'electron'],
    ['src/main/browser/server.ts', "import { guardNavigation } from '../electron/navigation';", '../electron/navigation'],
    ['src/main/electron/main.ts', "import { startServer } from '../browser/server';", '../browser/server'],
    ['src/renderer/api/client.ts', "import { dispatchCall } from '../../main/engine/rpc/handlers';", '../../main/engine/rpc/handlers'],
    ['src/renderer/api/client.ts', "import type { App } from '../../main/engine/app';", '../../main/engine/app'],
    ['src/renderer/api/client.ts', "import { createBridge } from '../../preload/bridge';", '../../preload/bridge'],
    ['src/renderer/pages/Home.tsx', "import { readFileSync } from 'node:fs';", 'node:fs'],
    ['src/renderer/pages/Home.tsx', "import { join } from 'path';", 'path'],
    ['src/renderer/pages/Home.tsx', "import { readFile } from 'fs/promises';", 'fs/promises'],
    ['src/renderer/pages/Home.tsx', "import { ipcRenderer } from 'electron';", 'electron'],
    ['src/renderer/pages/Home.tsx', "import Docker from 'dockerode';", 'dockerode'],
    ['src/renderer/pages/Home.tsx', "import Database from 'better-sqlite3';", 'better-sqlite3'],
    ['src/renderer/pages/Home.tsx', "import { Client } from 'ssh2';", 'ssh2'],
    ['src/renderer/pages/Home.test.tsx', "import { EventBus } from '../../main/engine/events';", '../../main/engine/events'],
    ['src/shared/contract/index.ts', "import { z } from 'zod';\nimport { EventBus } from '../../main/engine/events';", '../../main/engine/events'],
    ['src/shared/types.ts', "import { useQuery } from '@tanstack/react-query';", '@tanstack/react-query'],
    ['src/shared/types.ts', "import { join } from 'node:path';", 'node:path'],
    ['src/shared/types.ts', "import pkg from '../../package.json';", '../../package.json'],
    ['src/shared/contract.test.ts', "import { expectTypeOf } from 'vitest';\nimport { join } from 'node:path';", 'node:path'],
    ['src/preload/index.ts', "import { dispatchCall } from '../main/engine/rpc/handlers';", '../main/engine/rpc/handlers'],
    ['src/preload/index.ts', "import { fakeElectron } from '../main/electron/testing/fakeElectron';", '../main/electron/testing/fakeElectron'],
    ['src/preload/index.ts', "import { App } from '../renderer/App';", '../renderer/App'],
    ['src/preload/index.ts', "import { electronAPI } from '@electron-toolkit/preload';", '@electron-toolkit/preload'],
  ];

  it.each(caught)('catches %s importing %s', (file, source, specifier) => {
    expect(importViolations(file, source).map((v) => v.specifier)).toEqual([specifier]);
  });

  const allowed: Array<[string, string]> = [
    ['src/main/engine/app.ts', "import { contract } from '../../shared/contract';\nimport Docker from 'dockerode';\nimport { join } from 'node:path';"],
    ['src/main/engine/electronics.ts', "import { x } from './electronics-helpers';\nimport { y } from '../electronish/z';"],
    ['src/main/electron/ipc.ts', "import { ipcMain } from 'electron';\nimport { dispatchCall } from '../engine/rpc/handlers';"],
    ['src/main/browser/server.ts', "import { WebSocketServer } from 'ws';\nimport { createApp } from '../engine/app';"],
    ['src/renderer/api/client.ts', "import { useQuery } from '@tanstack/react-query';\nimport type { Client } from '../../shared/contract';"],
    ['src/renderer/i18n/locales.test.ts', "import { readFileSync } from 'node:fs';\nimport { describe } from 'vitest';"],
    ['src/shared/contract/index.ts', "import { z } from 'zod';\nimport type { AppInfo } from '../types';"],
    ['src/shared/contract.test.ts', "import { expectTypeOf } from 'vitest';\nimport { contract } from './contract';"],
    ['src/preload/index.ts', "import { contextBridge } from 'electron';\nimport { CALL_NAMES } from '../shared/contract';"],
    ['src/main/engine/app.ts', "// import { app } from 'electron';\nconst hint = \"import x from 'electron'\";"],
  ];

  it.each(allowed)('lets %s import what it may', (file, source) => {
    expect(importViolations(file, source)).toEqual([]);
  });
});
