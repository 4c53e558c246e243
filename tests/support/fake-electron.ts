/*
 * A fake of what the three shells' main processes use of Electron (its binary cannot be
 * downloaded here), for running their entry points: an `app` that becomes ready, quits and
 * emits its events; windows that record what they load; the error box, the power-save blocker
 * and the single-instance lock recorded. `electronFake.reset()` between runs.
 */

type Handler = (...args: unknown[]) => unknown;

class Emitter {
  private readonly handlers = new Map<string, Handler[]>();
  on(event: string, h: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), h]);
    return this;
  }
  once(event: string, h: Handler): this {
    return this.on(event, h);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }
  clear(): void {
    this.handlers.clear();
  }
}

export class FakeWindow extends Emitter {
  static all: FakeWindow[] = [];
  loaded: string[] = [];
  destroyed = false;
  focused = 0;
  readonly webContents = Object.assign(new Emitter(), {
    setWindowOpenHandler: () => undefined,
    isDestroyed: () => this.destroyed,
    send: () => undefined,
    reload: () => undefined,
    insertCSS: () => Promise.resolve(''),
  });
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeWindow.all.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {
    return undefined;
  }
  focus(): void {
    this.focused++;
  }
  close(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}

let markReady: () => void = () => undefined;

export const electronFake = {
  quits: 0,
  exits: [] as number[],
  errorBoxes: [] as { title: string; content: string }[],
  /** Whether this process gets the single-instance lock. */
  lockGranted: true,
  blockers: new Map<number, string>(),
  app: Object.assign(new Emitter(), {
    isPackaged: false,
    commandLine: { appendSwitch: () => undefined },
    ready: new Promise<void>(() => undefined),
    whenReady: (): Promise<void> => electronFake.app.ready,
    getPath: (name: string) => `/nonexistent/${name}`,
    requestSingleInstanceLock: () => electronFake.lockGranted,
    quit: () => {
      electronFake.quits++;
      electronFake.app.emit('before-quit');
      electronFake.app.emit('will-quit');
    },
    exit: (code: number) => {
      electronFake.exits.push(code);
    },
  }),
  /** Makes `app.whenReady()` resolve, as Electron does once it has started. */
  becomeReady(): void {
    markReady();
  },
  reset(): void {
    electronFake.app.clear();
    electronFake.app.ready = new Promise<void>((resolve) => (markReady = resolve));
    electronFake.quits = 0;
    electronFake.exits = [];
    electronFake.errorBoxes = [];
    electronFake.lockGranted = true;
    electronFake.blockers.clear();
    FakeWindow.all = [];
  },
};

let nextBlocker = 1;

export const electronModule = {
  app: electronFake.app,
  BrowserWindow: FakeWindow,
  dialog: {
    showErrorBox: (title: string, content: string) =>
      electronFake.errorBoxes.push({ title, content }),
  },
  powerSaveBlocker: {
    start: (type: string) => {
      const id = nextBlocker++;
      electronFake.blockers.set(id, type);
      return id;
    },
    stop: (id: number) => electronFake.blockers.delete(id),
    isStarted: (id: number) => electronFake.blockers.has(id),
  },
  ipcMain: {
    handle: () => undefined,
    on: () => undefined,
    removeHandler: () => undefined,
    removeAllListeners: () => undefined,
  },
  Menu: { setApplicationMenu: () => undefined },
  screen: {
    getAllDisplays: () => [{ bounds: { x: 0, y: 0, width: 1920, height: 1080 } }],
    getPrimaryDisplay: () => ({ bounds: { x: 0, y: 0, width: 1920, height: 1080 } }),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: () => undefined,
      setPermissionCheckHandler: () => undefined,
      webRequest: { onHeadersReceived: () => undefined },
    },
  },
};
