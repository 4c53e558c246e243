/** The one small API the Electron shell's preload gives the display page (`window.onestopDisplay`). */
export interface DisplayApi {
  /** The display's config (display.json in its config folder), for the page to parse. */
  getConfig(): Promise<unknown>;
  /** The hall's own recording of a clip (`voice/<id>.wav` in the config folder), or null. */
  readClip(id: string): Promise<Uint8Array | null>;
}

/** The IPC channels behind it; main answers only these, and only from its own window. */
export const DISPLAY_CHANNELS = {
  getConfig: 'display:get-config',
  readClip: 'display:read-clip',
} as const;

/** A clip id: a path of lower-case words under voice/ (`zh/digit-3`, `chime`); nothing else is read. */
export const CLIP_ID = /^(?:(?:zh|en)\/)?[a-z0-9]+(?:-[a-zA-Z0-9]+)*$/;
