/*
 * Which addresses a shell's window may show: the hub's own page for this shell (`/kiosk/`,
 * `/window/`, `/rate/`, `/display/`), and nothing else. Pure (no Electron), tested on its own.
 */

/** The hub's pages a shell shows: the kiosk's, the window terminal's two, the hall display's. */
export type ShellPage = 'kiosk' | 'window' | 'rate' | 'display';

/**
 * Whether `url` is the hub's `/<page>/` page or a file under it: over http or https, the hub's
 * origin (scheme, host and port), no user name or password in the address.
 */
export function isTrustedUrl(url: string, hubUrl: string, page: ShellPage): boolean {
  let target: URL;
  let hub: URL;
  try {
    target = new URL(url);
    hub = new URL(hubUrl);
  } catch {
    return false;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return false;
  if (target.username !== '' || target.password !== '') return false;
  return target.origin === hub.origin && target.pathname.startsWith(`/${page}/`);
}

/** The hub's `/<page>/` page, e.g. `http://192.168.1.10:7800/display/`. */
export function pageUrl(hubUrl: string, page: ShellPage): string {
  return new URL(`/${page}/`, hubUrl).toString();
}
