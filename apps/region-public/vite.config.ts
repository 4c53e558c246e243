import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { pageConfig } from '../vite.page.js';

const base = pageConfig({
  root: fileURLToPath(new URL('src/renderer', import.meta.url)),
  page: 'public',
});

/**
 * Builds 阳光政务, the page the region serves at /public/, into dist/pages/public: plain DOM,
 * for old phones' browsers too (ES2017).
 */
export default defineConfig({ ...base, build: { ...base.build, target: 'es2017' } });
