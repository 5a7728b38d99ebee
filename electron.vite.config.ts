import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { appChunkPreload } from './scripts/appChunkPreload';
// Three targets, as electron-vite expects. The main build also emits the browser shell
// (out/main/browser.js): the same engine served over a WebSocket, runnable with plain Node.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/electron/main.ts'),
          browser: resolve(__dirname, 'src/main/browser/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // Sandboxed preloads cannot require() chunks: emit one self-contained CommonJS file.
        output: { format: 'cjs', codeSplitting: false },
      },
      externalizeDeps: false,
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      // electron-vite leaves the renderer unminified by default; it is 1.5 MB that way.
      minify: true,
      chunkSizeWarningLimit: 1024,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react(), appChunkPreload('src/renderer/app.tsx')],
  },
});
