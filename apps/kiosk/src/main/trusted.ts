/** Whether a URL is the hub's own (same origin as `hubUrl`): the only pages the window may show. */
export function isTrustedUrl(url: string, hubUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(hubUrl).origin;
  } catch {
    return false;
  }
}

/** The kiosk page the window loads. */
export function kioskPageUrl(hubUrl: string): string {
  return new URL('/kiosk/', hubUrl).toString();
}
