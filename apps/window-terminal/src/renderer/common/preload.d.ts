import type { WindowTerminalApi } from '../../shared/preload-api.js';

declare global {
  interface Window {
    /** Present in the Electron shell only; a plain browser has no local hardware. */
    onestopWindow?: WindowTerminalApi;
  }
}
