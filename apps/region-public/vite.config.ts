import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { pageConfig } from '../vite.page.js';

const base = pageConfig({
  root: fileURLToPath(new URL('src/renderer', import.meta.url)),
  page: 'public',
});

/**
 * Builds the region's public pages into dist/pages/public: 阳光政务 (index.html) and 网上预约
 * (booking.html) and 远程取号 (remote.html): plain DOM, for old phones' browsers too (ES2017).
 */
export default defineConfig({
  ...base,
  build: {
    ...base.build,
    target: 'es2017',
    rollupOptions: {
      ...base.build?.rollupOptions,
      input: {
        index: fileURLToPath(new URL('src/renderer/index.html', import.meta.url)),
        booking: fileURLToPath(new URL('src/renderer/booking.html', import.meta.url)),
        remote: fileURLToPath(new URL('src/renderer/remote.html', import.meta.url)),
      },
    },
  },
});
