import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { pageConfig } from '../vite.page.js';

/** Builds the page the hub serves at /display/ into dist/pages/display. */
export default defineConfig(
  pageConfig({
    root: fileURLToPath(new URL('src/renderer', import.meta.url)),
    page: 'display',
    // The voice clip set made by build/voice/make-clips.ts (`npm run build:voice`): served at
    // /display/voice/.
    publicDir: fileURLToPath(new URL('../../dist/display-voice', import.meta.url)),
  }),
);
