// A Vite plugin for the renderer build: index.html gets a <link rel="modulepreload"> for the app
// chunk (src/renderer/app.tsx, which main.tsx imports with import() once the first calls are out)
// and for every chunk it imports statically. Without it the browser learns of the app chunk only
// when that import() runs, after the boot module has run and the socket has opened: it then sat
// idle for 70 to 90 ms fetching the chunk from its cache before it could evaluate a line of it.
// A preload fetches and compiles in the background while the boot module connects; it does not
// run the code, so the calls still go out before the app's evaluation takes the main thread.
import type { Plugin, ResolvedConfig } from 'vite';

/** A chunk of the build output, as far as this plugin reads it. */
interface OutputChunk {
  type: 'chunk';
  fileName: string;
  facadeModuleId: string | null;
  isEntry: boolean;
  imports: string[];
}

type Bundle = Record<string, OutputChunk | { type: 'asset' }>;

/** The chunks `from` loads before it runs (its static imports, transitively), itself first. */
export function staticClosure(bundle: Bundle, from: string): string[] {
  const seen = new Set<string>();
  const visit = (fileName: string) => {
    const chunk = bundle[fileName];
    if (seen.has(fileName) || chunk?.type !== 'chunk') return;
    seen.add(fileName);
    for (const imported of chunk.imports) visit(imported);
  };
  visit(from);
  return [...seen];
}

/**
 * The files to preload for the chunk whose facade module ends with `moduleSuffix`: its static
 * closure minus what the entry chunks load anyway (Vite links those already).
 */
export function preloadsFor(bundle: Bundle, moduleSuffix: string): string[] {
  const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === 'chunk');
  const target = chunks.find((c) => c.facadeModuleId?.replaceAll('\\', '/').endsWith(moduleSuffix));
  if (!target) throw new Error(`appChunkPreload: no chunk is built from ${moduleSuffix}`);
  const loadedByEntry = new Set(chunks.filter((c) => c.isEntry).flatMap((c) => staticClosure(bundle, c.fileName)));
  return staticClosure(bundle, target.fileName).filter((f) => !loadedByEntry.has(f));
}

export function appChunkPreload(moduleSuffix: string): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'tinyforge-app-chunk-preload',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.bundle) return [];
        return preloadsFor(ctx.bundle as unknown as Bundle, moduleSuffix).map((fileName) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `${config.base}${fileName}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}
