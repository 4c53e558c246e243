import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { pageConfig } from '../vite.page.js';

/** Builds the page the hub serves at /kiosk/ into dist/pages/kiosk. */
export default defineConfig(
  pageConfig({ root: fileURLToPath(new URL('src/renderer', import.meta.url)), page: 'kiosk' }),
);
