import { pageCsp } from '../../../common/electron/csp.js';

/** Whether `url` is one of the hub's display pages: same origin, under /display/. Pure. */
export function isTrustedUrl(url: string, hubUrl: string): boolean {
  let target: URL;
  let hub: URL;
  try {
    target = new URL(url);
    hub = new URL(hubUrl);
  } catch {
    return false;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return false;
  return target.origin === hub.origin && target.pathname.startsWith('/display/');
}

/** The display page of a hub, e.g. `http://192.168.1.10:7800/display/`. */
export function displayPageUrl(hubUrl: string): string {
  return new URL('/display/', hubUrl).toString();
}

/** Enforced on every response the window loads (the hub sends the same). */
export const DISPLAY_CSP = pageCsp("media-src 'self' data: blob:");

/**
 * The one permission the display's page may get: choosing its sound output
 * (`HTMLMediaElement.setSinkId`), only when display.json names one, only for the hub's page.
 * Everything else (camera, microphone, notifications, ...) is refused.
 */
export function allowPermission(
  permission: string,
  requestingUrl: string,
  hubUrl: string,
  audioOutput: string | null,
): boolean {
  return (
    permission === 'speaker-selection' &&
    audioOutput !== null &&
    isTrustedUrl(requestingUrl, hubUrl)
  );
}
