import {
  session,
  type BrowserWindow,
  type IpcMainEvent,
  type IpcMainInvokeEvent,
  type WebPreferences,
} from 'electron';

/*
 * What every OneStop window has in common, whatever page it shows (kiosk, window terminal,
 * rating pad, hall display): an isolated, sandboxed renderer without Node or webviews; one
 * Content-Security-Policy on every response; no navigation or redirect away from the trusted
 * page; no new windows; no permission but what the app allows; IPC answered only when it comes
 * from this window's trusted page. Main-process code only (Node and Electron, no DOM).
 */

/** The renderer's settings: context isolation, sandbox, no Node, no webviews. */
export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    devTools,
  };
}

export interface LockDownOptions {
  /** The Content-Security-Policy set on every response (see `pageCsp`). */
  csp: string;
  /** Whether a URL is this window's page: the only one it may show and hear IPC from. */
  isTrusted: (url: string) => boolean;
  /**
   * The permissions this window's page may get (asked only for requests of this window);
   * every other request, and every permission check, is refused. By default: none.
   */
  allowPermission?: (permission: string, requestingUrl: string) => boolean;
}

export interface LockedWindow {
  /** Whether an IPC message comes from this window and from its trusted page. */
  fromPage: (event: IpcMainInvokeEvent | IpcMainEvent) => boolean;
}

/** Applies the common rules to a new window; returns the IPC sender check. */
export function lockDown(win: BrowserWindow, options: LockDownOptions): LockedWindow {
  const { csp, isTrusted, allowPermission } = options;
  const contents = win.webContents;
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((wc, permission, callback, details) => {
    callback(
      wc === contents &&
        allowPermission !== undefined &&
        allowPermission(permission, details.requestingUrl),
    );
  });
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] },
    });
  });
  contents.on('will-navigate', (event, url) => {
    if (!isTrusted(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrusted(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  return {
    fromPage: (event) => event.sender === contents && isTrusted(event.senderFrame?.url ?? ''),
  };
}
