import { SerialPort } from 'serialport';
import type {
  LedContent,
  PadDisplay,
  PadInput,
  SerialDeviceStatus,
  SerialLinkState,
} from '../../shared/preload-api.js';
import type { PortConfig } from '../config.js';
import { Keypad } from './keypad.js';
import { TcpLink } from './tcp-link.js';
import { badCount, PROTOCOLS, type Decoder } from './protocols.js';

/** What the device needs of a serial port: serialport's streams (real or mock) are such. */
export interface SerialLink {
  readonly isOpen: boolean;
  open(callback: (err: Error | null) => void): void;
  write(data: Uint8Array, callback?: (err: Error | null | undefined) => void): boolean;
  close(callback?: (err: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  on(event: 'close' | 'error', listener: (err?: Error | null) => void): this;
  removeAllListeners(): this;
}

export type OpenLink = (path: string, baudRate: number) => SerialLink;

/** The real thing: serialport with its native binding, or a network controller's TCP port. */
export const openSerialPort: OpenLink = (path, baudRate) =>
  TcpLink.parse(path) ?? new SerialPort({ path, baudRate, autoOpen: false });

export interface SerialDeviceOptions {
  config: PortConfig;
  /** Replaced by tests with serialport's own mock binding. */
  openLink?: OpenLink;
  /** Wait before trying a lost or missing port again. */
  retryMs?: number;
  /** Quiet time after which a half-received message is dropped. */
  quietMs?: number;
}

/**
 * One serial port with an LED screen, a call pad, or both on it. Keeps trying to open the port
 * (unplugged at start, unplugged later, plugged back in), re-sends the LED's content after each
 * reconnect, and reports every change of its status.
 */
export class SerialDevice {
  private link: SerialLink | null = null;
  private state: SerialLinkState = 'connecting';
  private detail = '';
  private decoder: Decoder;
  private readonly keypad = new Keypad();
  private led: LedContent | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private quietTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly openLink: OpenLink;
  private readonly retryMs: number;
  private readonly quietMs: number;
  private readonly keyListeners = new Set<(input: PadInput) => void>();
  private readonly statusListeners = new Set<(status: SerialDeviceStatus) => void>();

  constructor(readonly options: SerialDeviceOptions) {
    this.openLink = options.openLink ?? openSerialPort;
    this.retryMs = options.retryMs ?? 2_000;
    this.quietMs = options.quietMs ?? 300;
    this.decoder = PROTOCOLS[options.config.protocol].createDecoder(options.config.address);
  }

  get config(): PortConfig {
    return this.options.config;
  }

  status(): SerialDeviceStatus {
    const c = this.decoder.counters;
    return {
      role: this.config.pad && !this.config.led ? 'pad' : 'led',
      state: this.state,
      path: this.config.path,
      framesOk: c.ok,
      framesBad: badCount(c),
      detail: this.detail,
    };
  }

  /** A pad's keys, and the numbers dialled on its keypad. */
  onKey(listener: (input: PadInput) => void): () => void {
    this.keyListeners.add(listener);
    return () => this.keyListeners.delete(listener);
  }

  onStatus(listener: (status: SerialDeviceStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Shows `content` on the LED now, and again after every reconnect. */
  show(content: LedContent): void {
    if (!this.config.led) return;
    this.led = content;
    this.writeLed();
  }

  /** Shows `display` on the pad's own display (a pad without one ignores the frame). */
  showPad(display: PadDisplay): void {
    const link = this.link;
    if (!this.config.pad || link === null || !link.isOpen) return;
    link.write(PROTOCOLS[this.config.protocol].encodePad(display, this.config.address), (err) => {
      if (err) this.lost(err);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    const link = this.link;
    this.link = null;
    if (link?.isOpen) await new Promise<void>((resolve) => link.close(() => resolve()));
    link?.removeAllListeners();
    link?.on('error', () => undefined);
    this.setState('disabled', 'stopped');
  }

  // ---- connection ------------------------------------------------------------------------------

  private connect(): void {
    if (this.stopped) return;
    this.setState('connecting', '');
    let link: SerialLink;
    try {
      link = this.openLink(this.config.path, this.config.baudRate);
    } catch (err) {
      this.lost(err);
      return;
    }
    this.link = link;
    link.on('data', (chunk) => this.received(chunk));
    link.on('error', (err) => this.lost(err));
    link.on('close', (err) => this.lost(err ?? new Error('port closed')));
    link.open((err) => {
      if (this.link !== link) return;
      if (err) {
        this.lost(err);
        return;
      }
      this.setState('connected', '');
      this.writeBrightness();
      this.writeLed();
    });
  }

  /** The port failed or went away: drop it and try again later. */
  private lost(err: unknown): void {
    const link = this.link;
    this.link = null;
    if (link) {
      link.removeAllListeners();
      // A write still on its way to a port gone away fails later (EIO): nothing to do then.
      link.on('error', () => undefined);
      // A failed port may still count as open; closing it again is harmless.
      if (link.isOpen) link.close(() => undefined);
    }
    this.decoder.flush();
    if (this.stopped) return;
    this.setState('disconnected', err instanceof Error ? err.message : String(err));
    if (this.retryTimer === null) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.connect();
      }, this.retryMs);
    }
  }

  private received(chunk: Uint8Array): void {
    const before = this.decoder.counters.ok + badCount(this.decoder.counters);
    const keys = this.decoder.push(chunk);
    if (this.quietTimer !== null) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      const was = badCount(this.decoder.counters);
      this.decoder.flush();
      if (badCount(this.decoder.counters) !== was) this.emitStatus();
    }, this.quietMs);
    if (this.config.pad) {
      for (const press of keys) {
        const input = this.keypad.press(press);
        if (input !== null) for (const l of [...this.keyListeners]) l(input);
      }
    }
    const after = this.decoder.counters.ok + badCount(this.decoder.counters);
    if (after !== before) this.emitStatus();
  }

  /** The screen's brightness, when the config sets one and the controller takes it. */
  private writeBrightness(): void {
    const link = this.link;
    const level = this.config.screen?.brightness;
    if (!this.config.led || level === undefined || link === null || !link.isOpen) return;
    const bytes = PROTOCOLS[this.config.protocol].encodeBrightness?.(level, this.config.address);
    if (bytes === undefined) return;
    link.write(bytes, (err) => {
      if (err) this.lost(err);
    });
  }

  private writeLed(): void {
    const link = this.link;
    if (this.led === null || link === null || !link.isOpen) return;
    const bytes = PROTOCOLS[this.config.protocol].encodeLed(
      this.led,
      this.config.address,
      this.config.screen,
    );
    link.write(bytes, (err) => {
      if (err) this.lost(err);
    });
  }

  private setState(state: SerialLinkState, detail: string): void {
    if (state === this.state && detail === this.detail) return;
    this.state = state;
    this.detail = detail;
    this.emitStatus();
  }

  private emitStatus(): void {
    const status = this.status();
    for (const l of [...this.statusListeners]) l(status);
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.quietTimer !== null) clearTimeout(this.quietTimer);
    this.retryTimer = null;
    this.quietTimer = null;
  }
}
