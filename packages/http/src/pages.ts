import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** The content types of the files a built page is made of. */
export const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wav': 'audio/wav',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export const contentTypeOf = (file: string): string =>
  MIME[extname(file)] ?? 'application/octet-stream';

/**
 * The file of a built page at `rest` (the path under the page, as the URL standard reads it):
 * that file when it is one under `root`, else the page's `index.html` (the app routes in the
 * browser); null when `rest` would leave `root` (`..`, a backslash, an absolute path).
 */
export function pageFile(root: string, rest: string): string | null {
  const target = resolve(root, normalize(rest).replace(/^([/\\])+/, ''));
  if (target !== root && !target.startsWith(root + sep)) return null;
  return existsSync(target) && statSync(target).isFile() ? target : join(root, 'index.html');
}
