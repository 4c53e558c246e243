import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { pageConfig } from '../vite.page.js';

/** Builds the page the region serves at /region-console/ into dist/pages/region-console. */
export default defineConfig(
  pageConfig({
    root: fileURLToPath(new URL('src/renderer', import.meta.url)),
    page: 'region-console',
  }),
);
