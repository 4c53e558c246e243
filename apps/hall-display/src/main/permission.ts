import { pageCsp } from '../../../common/electron/csp.js';
import { isTrustedUrl } from '../../../common/electron/trusted.js';

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
    isTrustedUrl(requestingUrl, hubUrl, 'display')
  );
}
