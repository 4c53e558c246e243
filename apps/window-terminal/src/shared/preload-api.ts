/*
 * The one API the window terminal's preload gives its page (window.onestopWindow). Types only:
 * the renderer, the preload and the main process all read it.
 */

/**
 * Keys of a hardware call pad: the window's actions (`pause` toggles pause and resume); some
 * models have the five rating keys too.
 */
export type PadKey =
  | 'next'
  | 'recall'
  | 'pause'
  | 'finish'
  | 'noshow'
  | 'transfer'
  | 'rate1'
  | 'rate2'
  | 'rate3'
  | 'rate4'
  | 'rate5';
export const PAD_KEYS = [
  'next',
  'recall',
  'pause',
  'finish',
  'noshow',
  'transfer',
  'rate1',
  'rate2',
  'rate3',
  'rate4',
  'rate5',
] as const satisfies readonly PadKey[];

/** A number keyed on the pad's keypad (`*` 0 1 5 `#`): the digits, 1 to 6 of them. */
export interface PadDial {
  kind: 'dial';
  digits: string;
}

/** What the pad hands the page: a key, or a number dialled on its keypad. */
export type PadInput = PadKey | PadDial;

/**
 * What the pad's own display shows (models that have one): why the last key was refused, in
 * the terminal's words and as the refusal's code; `clear` after a key that was done.
 */
export type PadDisplay = { kind: 'refused'; code: string; text: string } | { kind: 'clear' };

/** The window an LED screen hangs over: its number and its name in both languages. */
export interface LedWindow {
  number: number;
  name: { zh: string; en: string };
}

/** What the LED window screen shows (and, for screens that show words, at which window). */
export type LedContent = (
  { kind: 'call'; number: string } | { kind: 'paused' } | { kind: 'closed' } | { kind: 'idle' }
) & { window?: LedWindow | undefined };

export type SerialDeviceRole = 'led' | 'pad';
export type SerialLinkState = 'disabled' | 'connecting' | 'connected' | 'disconnected';

export interface SerialDeviceStatus {
  role: SerialDeviceRole;
  state: SerialLinkState;
  path: string | null;
  /** Frames decoded and acted on since start. */
  framesOk: number;
  /** Garbage bytes, partial frames dropped and bad checksums since start: never acted on. */
  framesBad: number;
  detail: string;
}

/** What the page may know of the terminal's local configuration. */
export interface TerminalConfigView {
  page: 'window' | 'rate';
  hubUrl: string;
  serial: { path: string; protocol: string; baudRate: number; led: boolean; pad: boolean }[];
}

/** IPC channels; the sandboxed preload cannot import this file, so a test keeps it in step. */
export const WINDOW_CHANNELS = {
  showLed: 'window-terminal:show-led',
  deviceStatus: 'window-terminal:device-status',
  config: 'window-terminal:config',
  statusEvent: 'window-terminal:status',
  padKeyEvent: 'window-terminal:pad-key',
  showPad: 'window-terminal:show-pad',
} as const;

export interface WindowTerminalApi {
  config(): Promise<TerminalConfigView | null>;
  /** Sends what the LED screen should show (the main process frames it for its model). */
  showOnLed(content: LedContent): void;
  /** Sends what the call pad's display should show (ignored by pads without one). */
  showOnPad(display: PadDisplay): void;
  deviceStatus(): Promise<SerialDeviceStatus[]>;
  onDeviceStatus(listener: (status: SerialDeviceStatus[]) => void): () => void;
  onPadKey(listener: (input: PadInput) => void): () => void;
}
