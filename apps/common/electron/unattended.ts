import type { App, BrowserWindow, PowerSaveBlocker } from 'electron';

/*
 * What an unattended machine's shell needs (kiosk, window terminal, hall display): one instance
 * only, and for the screens people read from a distance, a display that never sleeps. Starting
 * at login and coming back after the main process dies are the installer's and the supervisor's
 * (docs/HARDWARE.md, "Shells that keep running").
 */

/**
 * Takes the single-instance lock. A second start (a double click, the supervisor restarting a
 * process that is in fact still up) quits at once; the first brings its window to the front.
 * Returns false when this process is the second one and is quitting.
 */
export function holdSingleInstance(
  app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>,
  window: () => BrowserWindow | null,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const win = window();
    if (win === null || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  return true;
}

/** Keeps the display awake (no screen saver, no display sleep) until the returned stop. */
export function keepDisplayAwake(
  blocker: Pick<PowerSaveBlocker, 'start' | 'stop' | 'isStarted'>,
): () => void {
  const id = blocker.start('prevent-display-sleep');
  return () => {
    if (blocker.isStarted(id)) blocker.stop(id);
  };
}
