/*
 * The Content-Security-Policy of every OneStop window (pure: no Electron, no DOM), enforced by
 * `lockDown` in secure-window.ts on every response the window loads.
 */

/** The directives every page gets; an app adds its own (e.g. `media-src` for the display). */
const BASE_CSP: readonly string[] = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
];

/** The Content-Security-Policy enforced on every response a window loads (the hub sends it too). */
export function pageCsp(...extra: string[]): string {
  return [...BASE_CSP, ...extra].join('; ');
}
