import type { BrowserWindow } from 'electron';

/*
 * Keeping a window on the hub's page (main-process code, shared by every shell). A device may
 * start with the building's power, before the hub; the hub may restart. While the page cannot be
 * loaded the window shows a small local waiting page, in both languages, and tries again with a
 * growing delay (1 s, 2 s, 4 s... at most 15 s), at once when its renderer dies.
 *
 * The waiting page is a data: URL loaded by the main process: no network, no script, inline
 * styles only (the CSP's `style-src 'unsafe-inline'`). It is never a trusted page: the
 * navigation rules (`lockDown`) let the renderer go nowhere from it, and IPC from it is refused.
 */

/** The first delay before loading again; it doubles after each failure up to RETRY_MAX_MS. */
export const RETRY_MIN_MS = 1_000;
export const RETRY_MAX_MS = 15_000;

/** Chromium's net::ERR_ABORTED: a load replaced by another one (ours), not a failure. */
const ERR_ABORTED = -3;

export interface WaitingPageOptions {
  /** Where the window is trying to go, shown to whoever looks at the screen. */
  hubUrl: string;
  /** Dark for the hall display, light for the others. */
  theme: 'light' | 'dark';
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The local page shown while the hub's page cannot be loaded: a data: URL, no script. */
export function waitingPageUrl({ hubUrl, theme }: WaitingPageOptions): string {
  const [bg, fg, muted] =
    theme === 'dark' ? ['#071428', '#ffffff', '#9fb3d1'] : ['#f3f5f8', '#14213d', '#5b6b82'];
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>OneStop · 正在连接 Connecting</title>
<style>
html,body{height:100%;margin:0}
body{display:flex;flex-direction:column;align-items:center;justify-content:center;gap:.6em;
background:${bg};color:${fg};font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;
cursor:default;user-select:none;text-align:center}
h1{font-size:2.6rem;margin:0;font-weight:600}
h2{font-size:1.7rem;margin:0;font-weight:400}
p{color:${muted};font-size:1.1rem;margin:1.4em 0 0}
</style></head><body>
<h1>正在连接大厅服务器…</h1>
<h2 lang="en">Connecting to the hall server…</h2>
<p>将自动重试 · <span lang="en">Retrying automatically</span> · ${escapeHtml(hubUrl)}</p>
</body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

export interface KeepLoadedOptions extends WaitingPageOptions {
  /** The hub's page this window shows, e.g. `http://192.168.1.10:7800/kiosk/`. */
  pageUrl: string;
}

export interface PageKeeper {
  /** Loads the hub's page now (a renderer that died, a first load). */
  load: () => void;
  /** The delay before the next try (for tests and logs). */
  readonly nextDelayMs: number;
}

/**
 * Loads `pageUrl` in `win` and keeps it there: a failed load of the page (the hub down, a 5xx
 * answer) shows the waiting page and tries again after a growing delay; a loaded page resets the
 * delay; a dead renderer loads the page again at once.
 */
export function keepPageLoaded(win: BrowserWindow, options: KeepLoadedOptions): PageKeeper {
  const contents = win.webContents;
  const waiting = waitingPageUrl(options);
  let delay = RETRY_MIN_MS;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const cancel = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const load = (): void => {
    cancel();
    if (win.isDestroyed()) return; // closed meanwhile: a pending retry does nothing
    // A failure is handled by 'did-fail-load'; the promise only says it again.
    win.loadURL(options.pageUrl).catch(() => undefined);
  };
  const failed = (): void => {
    if (win.isDestroyed() || timer !== null) return;
    win.loadURL(waiting).catch(() => undefined);
    timer = setTimeout(load, delay);
    delay = Math.min(delay * 2, RETRY_MAX_MS);
  };
  const isPage = (url: string): boolean => !url.startsWith('data:');

  contents.on('did-fail-load', (_event, code, _description, url, isMainFrame) => {
    if (isMainFrame && code !== ERR_ABORTED && isPage(url)) failed();
  });
  contents.on('did-navigate', (_event, url, httpResponseCode) => {
    if (!isPage(url)) return;
    // The hub answered, but with an error of its own (restarting, a proxy without it).
    if (httpResponseCode >= 500) failed();
    else delay = RETRY_MIN_MS;
  });
  contents.on('render-process-gone', () => load());

  load();
  return {
    load,
    get nextDelayMs() {
      return delay;
    },
  };
}
