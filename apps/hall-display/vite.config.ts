import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const shared = resolve(here, '../../packages/shared/src');

/** Builds the page the hub serves at /display/ into dist/pages/display. */
export default defineConfig({
  root: resolve(here, 'src/renderer'),
  base: '/display/',
  // The voice clip set made by build/voice/make-clips.ts (`npm run build:voice`): served at
  // /display/voice/.
  publicDir: resolve(here, '../../dist/display-voice'),
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@onestop\/shared\/client$/, replacement: resolve(shared, 'client/index.ts') },
      { find: /^@onestop\/shared$/, replacement: resolve(shared, 'index.ts') },
    ],
  },
  build: {
    outDir: resolve(here, '../../dist/pages/display'),
    emptyOutDir: true,
  },
});
