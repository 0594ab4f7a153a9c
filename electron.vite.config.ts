/**
 * electron-vite: main (ESM, deps external — better-sqlite3, fastify, pino stay in node_modules), preload (one
 * CommonJS file with everything bundled, because a sandboxed preload can require nothing but `electron`), renderer
 * (the React app under renderer/, built to out/renderer and served through app://filmroom).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      externalizeDeps: true,
      rolldownOptions: {
        // The analysis worker is a second entry: it runs in its own utility process (main/analysis/worker).
        input: {
          index: resolve(root, 'main/index.ts'),
          'analysis-worker': resolve(root, 'main/analysis/worker/analysis-worker.ts'),
          // The restore worker: a worker thread of the main process (main/composition/restore-worker.ts).
          'restore-worker': resolve(root, 'main/composition/restore-worker.ts'),
          // The row-delete worker: a bulk delete's rows, off the API's thread (main/library/deletion/row-deleter.ts).
          'row-delete-worker': resolve(root, 'main/composition/row-delete-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      // Same output as the web build (renderer/vite.config.ts), which `filmroom serve` also serves from out/renderer.
      modulePreload: { polyfill: false },
      target: 'es2022',
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
  },
});
