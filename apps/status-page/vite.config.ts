import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds the ticket status page's script and style into dist/pages/status (where the hub looks,
 * beside the other pages): `status.js`, a classic script for old phones' browsers (the page is
 * rendered by the hub with the ticket's data, the script keeps it up to date), and `status.css`.
 * The hub serves them at /t/status.js and /t/status.css.
 */
export default defineConfig({
  build: {
    outDir: `${repo}dist/pages/status`,
    emptyOutDir: true,
    target: 'es2015',
    lib: {
      entry: fileURLToPath(new URL('src/renderer/main.ts', import.meta.url)),
      formats: ['iife'],
      name: 'onestopStatus',
      fileName: () => 'status.js',
      cssFileName: 'status',
    },
  },
});
