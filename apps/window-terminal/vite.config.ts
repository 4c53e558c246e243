import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { pageConfig } from '../vite.page.js';

/** Builds each page the hub serves (/window/, /rate/) into dist/pages/<page>; pick one with PAGE. */
const page = process.env.PAGE ?? 'window';

export default defineConfig(
  pageConfig({ root: fileURLToPath(new URL(`src/renderer/${page}`, import.meta.url)), page }),
);
