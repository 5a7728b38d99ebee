import { describe, expect, it } from 'vitest';
import { preloadsFor, staticClosure } from './appChunkPreload';

const chunk = (fileName: string, imports: string[], extra: { facadeModuleId?: string; isEntry?: boolean } = {}) => ({
  type: 'chunk' as const,
  fileName,
  imports,
  facadeModuleId: extra.facadeModuleId ?? null,
  isEntry: extra.isEntry ?? false,
});

// index (entry) -> runtime; app (import()ed) -> react, shared -> runtime; page (lazy) -> shared.
const bundle = {
  'index.js': chunk('index.js', ['runtime.js'], { facadeModuleId: '/repo/src/renderer/index.html', isEntry: true }),
  'runtime.js': chunk('runtime.js', []),
  'app.js': chunk('app.js', ['react.js', 'shared.js'], { facadeModuleId: '/repo/src/renderer/app.tsx' }),
  'react.js': chunk('react.js', []),
  'shared.js': chunk('shared.js', ['runtime.js']),
  'page.js': chunk('page.js', ['shared.js'], { facadeModuleId: '/repo/src/renderer/pages/Page.tsx' }),
  'index.css': { type: 'asset' as const },
};

describe('appChunkPreload', () => {
  it('follows static imports transitively, once each', () => {
    expect(staticClosure(bundle, 'app.js')).toEqual(['app.js', 'react.js', 'shared.js', 'runtime.js']);
  });

  it('preloads the app chunk and what it imports, minus what the entry loads anyway, and no lazy page', () => {
    expect(preloadsFor(bundle, 'src/renderer/app.tsx')).toEqual(['app.js', 'react.js', 'shared.js']);
  });

  it('fails the build when the app module is not a chunk of its own (a renamed or inlined app.tsx)', () => {
    expect(() => preloadsFor(bundle, 'src/renderer/missing.tsx')).toThrow(/no chunk is built from src\/renderer\/missing.tsx/);
  });
});
