import { pageCsp } from '../../../common/electron/csp.js';

/*
 * Which addresses the terminal's window may show: the hub's own page for this terminal, and
 * nothing else. Pure, so it is tested on its own.
 */

export type TerminalPage = 'window' | 'rate';

/** Whether `url` is the hub's `/window/` (or `/rate/`) page: same origin, under that path. */
export function isTrustedUrl(url: string, hubUrl: string, page: TerminalPage): boolean {
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

export function pageUrl(hubUrl: string, page: TerminalPage): string {
  return new URL(`/${page}/`, hubUrl).toString();
}

/** Enforced on every response the window loads (the hub sends the same). */
export const TERMINAL_CSP = pageCsp();
