import { beforeEach, describe, expect, it, vi } from 'vitest';

/*
 * The shells' common window rules (apps/common/electron) with electron faked: what every
 * OneStop window gets whatever its page, and the IPC sender check the three apps rely on.
 */

type Handler = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const state = {
    permissionRequest: null as null | Handler,
    permissionCheck: null as null | Handler,
    headers: null as null | Handler,
    openHandler: null as null | (() => unknown),
    events: new Map<string, Handler>(),
  };
  const contents = {
    on: (event: string, h: Handler) => state.events.set(event, h),
    setWindowOpenHandler: (h: () => unknown) => (state.openHandler = h),
  };
  const electron = {
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Handler) => (state.permissionRequest = h),
        setPermissionCheckHandler: (h: Handler) => (state.permissionCheck = h),
        webRequest: { onHeadersReceived: (h: Handler) => (state.headers = h) },
      },
    },
  };
  return { state, contents, electron };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { lockDown, secureWebPreferences } = await import('../apps/common/electron/secure-window.js');
const { pageCsp } = await import('../apps/common/electron/csp.js');

const HUB = 'http://192.168.1.10:7800';
const isTrusted = (url: string): boolean => url.startsWith(`${HUB}/page/`);

/** A window as lockDown sees it: only its webContents is used. */
const win = { webContents: fake.contents } as unknown as Parameters<typeof lockDown>[0];

beforeEach(() => {
  fake.state.events.clear();
  fake.state.permissionRequest = null;
  fake.state.permissionCheck = null;
  fake.state.headers = null;
  fake.state.openHandler = null;
});

/** Whether the handler of a navigation-like event prevented it. */
function prevented(event: string, url: string): boolean {
  const preventDefault = vi.fn();
  const handler = fake.state.events.get(event);
  if (!handler) throw new Error(`no ${event} handler`);
  handler({ preventDefault }, url);
  return preventDefault.mock.calls.length > 0;
}

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the renderer, without Node or webviews', () => {
    expect(secureWebPreferences('/app/preload.cjs', false)).toEqual({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    });
    expect(secureWebPreferences('/p.cjs', true).devTools).toBe(true);
  });
});

describe('pageCsp', () => {
  it('allows only the page’s own origin for scripts, and nothing to frame or embed it', () => {
    const csp = pageCsp();
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ]),
    );
    expect(csp).not.toContain('unsafe-eval');
    expect(pageCsp("media-src 'self' blob:")).toBe(`${csp}; media-src 'self' blob:`);
  });
});

describe('lockDown', () => {
  it('refuses navigation and redirects away from the trusted page, webviews and new windows', () => {
    lockDown(win, { csp: pageCsp(), isTrusted });
    expect(prevented('will-navigate', `${HUB}/page/?x=1`)).toBe(false);
    expect(prevented('will-navigate', `${HUB}/admin/`)).toBe(true);
    expect(prevented('will-navigate', 'https://example.com/page/')).toBe(true);
    expect(prevented('will-redirect', `${HUB}/page/next`)).toBe(false);
    expect(prevented('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-attach-webview', `${HUB}/page/`)).toBe(true);
    expect(fake.state.openHandler?.()).toEqual({ action: 'deny' });
  });

  it('sets the CSP on every response, keeping the other headers', () => {
    lockDown(win, { csp: 'default-src none', isTrusted });
    const answer = vi.fn();
    fake.state.headers?.({ responseHeaders: { 'X-A': ['b'] } }, answer);
    expect(answer).toHaveBeenCalledWith({
      responseHeaders: { 'X-A': ['b'], 'Content-Security-Policy': ['default-src none'] },
    });
  });

  it('refuses every permission by default, and every permission check', () => {
    lockDown(win, { csp: pageCsp(), isTrusted });
    const answers: unknown[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'speaker-selection']) {
      fake.state.permissionRequest?.(fake.contents, permission, (ok: unknown) => answers.push(ok), {
        requestingUrl: `${HUB}/page/`,
      });
    }
    expect(answers).toEqual([false, false, false, false]);
    expect(fake.state.permissionCheck?.()).toBe(false);
  });

  it('grants what the app allows, only to its own window', () => {
    const allowPermission = vi.fn(
      (permission: string, url: string) => permission === 'speaker-selection' && isTrusted(url),
    );
    lockDown(win, { csp: pageCsp(), isTrusted, allowPermission });
    const answers: unknown[] = [];
    const ask = (wc: unknown, permission: string, url: string): void => {
      fake.state.permissionRequest?.(wc, permission, (ok: unknown) => answers.push(ok), {
        requestingUrl: url,
      });
    };
    ask(fake.contents, 'speaker-selection', `${HUB}/page/`);
    ask(fake.contents, 'speaker-selection', 'https://evil.example/page/');
    ask(fake.contents, 'media', `${HUB}/page/`);
    ask({}, 'speaker-selection', `${HUB}/page/`);
    expect(answers).toEqual([true, false, false, false]);
    // Another window's request never reaches the app's rule.
    expect(allowPermission).toHaveBeenCalledTimes(3);
  });

  it('answers IPC only from this window’s trusted page', () => {
    const { fromPage } = lockDown(win, { csp: pageCsp(), isTrusted });
    type IpcEvent = Parameters<typeof fromPage>[0];
    const event = (sender: unknown, url: string | null): IpcEvent =>
      ({ sender, senderFrame: url === null ? null : { url } }) as unknown as IpcEvent;
    expect(fromPage(event(fake.contents, `${HUB}/page/`))).toBe(true);
    expect(fromPage(event({}, `${HUB}/page/`))).toBe(false);
    expect(fromPage(event(fake.contents, 'https://example.com/page/'))).toBe(false);
    expect(fromPage(event(fake.contents, `${HUB}/admin/`))).toBe(false);
    // A frame already gone (navigated or destroyed) is not trusted.
    expect(fromPage(event(fake.contents, null))).toBe(false);
  });
});
