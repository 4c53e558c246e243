import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const shared = resolve(here, '../../packages/shared/src');

/** Builds each page the hub serves (/window/, /rate/) into dist/pages/<page>; pick one with PAGE. */
const page = process.env.PAGE ?? 'window';

export default defineConfig({
  root: resolve(here, 'src/renderer', page),
  base: `/${page}/`,
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@onestop\/shared\/client$/, replacement: resolve(shared, 'client/index.ts') },
      { find: /^@onestop\/shared$/, replacement: resolve(shared, 'index.ts') },
    ],
  },
  build: {
    outDir: resolve(here, '../../dist/pages', page),
    emptyOutDir: true,
  },
});
