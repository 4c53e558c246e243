/*
 * The one API the window terminal's preload gives its page (window.onestopWindow). Types only:
 * the renderer, the preload and the main process all read it.
 */

/** Keys of a hardware call pad; some models have the five rating keys too. */
export type PadKey =
  'next' | 'recall' | 'pause' | 'finish' | 'rate1' | 'rate2' | 'rate3' | 'rate4' | 'rate5';
export const PAD_KEYS = [
  'next',
  'recall',
  'pause',
  'finish',
  'rate1',
  'rate2',
  'rate3',
  'rate4',
  'rate5',
] as const satisfies readonly PadKey[];

/** What the LED window screen shows. */
export type LedContent =
  { kind: 'call'; number: string } | { kind: 'paused' } | { kind: 'closed' } | { kind: 'idle' };

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
} as const;

export interface WindowTerminalApi {
  config(): Promise<TerminalConfigView | null>;
  /** Sends what the LED screen should show (the main process frames it for its model). */
  showOnLed(content: LedContent): void;
  deviceStatus(): Promise<SerialDeviceStatus[]>;
  onDeviceStatus(listener: (status: SerialDeviceStatus[]) => void): () => void;
  onPadKey(listener: (key: PadKey) => void): () => void;
}
