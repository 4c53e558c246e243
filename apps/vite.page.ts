import type { UserConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const repo = fileURLToPath(new URL('..', import.meta.url));
const shared = resolve(repo, 'packages/shared/src');

/**
 * The Vite build of one page the hub serves at `/<page>/`: React, @onestop/shared from its
 * sources, output in <repo>/dist/pages/<page> (where the hub looks by default).
 */
export function pageConfig(options: {
  root: string;
  page: string;
  publicDir?: string;
}): UserConfig {
  return {
    root: options.root,
    base: `/${options.page}/`,
    ...(options.publicDir ? { publicDir: options.publicDir } : {}),
    plugins: [react()],
    resolve: {
      alias: [
        { find: /^@onestop\/shared\/client$/, replacement: resolve(shared, 'client/index.ts') },
        { find: /^@onestop\/shared$/, replacement: resolve(shared, 'index.ts') },
      ],
    },
    build: {
      outDir: resolve(repo, 'dist/pages', options.page),
      emptyOutDir: true,
      rollupOptions: {
        // Before any module runs: zod (4.x) would probe `new Function` to speed up its parsing,
        // and the pages' CSP (no 'unsafe-eval') reports that probe as a violation at every load.
        // This is z.config({ jitless: true }) set early enough (zod reads this global at load).
        output: { intro: 'globalThis.__zod_globalConfig = { jitless: true };' },
      },
    },
  };
}
