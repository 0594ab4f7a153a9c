/**
 * Web build of the renderer (`npm run build:web`), served by `filmroom serve` from out/renderer.
 * Paths come from import.meta.dirname rather than node:path, which the renderer's lint rules keep out.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = import.meta.dirname;

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${here}/../out/renderer`,
    emptyOutDir: true,
    // No inline module-preload polyfill script: the CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
