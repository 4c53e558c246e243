import { z } from 'zod';
export { parseLedContent } from '../shared/led-content.js';
import type {
  LedContent,
  PadDisplay,
  PadInput,
  SerialDeviceStatus,
} from '../shared/preload-api.js';
import type { PortConfig } from './config.js';
import { SerialDevice, type OpenLink } from './serial/device.js';

/** What the page may ask the pad's display to show: a refusal's words and code, or nothing. */
export const padDisplaySchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('refused'),
      code: z.string().regex(/^[a-z_]{1,40}$/),
      text: z.string().min(1).max(200),
    })
    .strict(),
  z.object({ kind: z.literal('clear') }).strict(),
]);

export function parsePadDisplay(input: unknown): PadDisplay | null {
  const parsed = padDisplaySchema.safeParse(input);
  return parsed.success ? parsed.data : null;
}

/** The serial devices of one terminal, from its config: one SerialDevice per port. */
export class TerminalDevices {
  private readonly devices: SerialDevice[];
  private readonly keyListeners = new Set<(input: PadInput) => void>();
  private readonly statusListeners = new Set<(status: SerialDeviceStatus[]) => void>();

  constructor(ports: PortConfig[], openLink?: OpenLink) {
    this.devices = ports.map(
      (config) => new SerialDevice(openLink ? { config, openLink } : { config }),
    );
    for (const device of this.devices) {
      device.onKey((input) => {
        for (const l of [...this.keyListeners]) l(input);
      });
      device.onStatus(() => {
        const all = this.statuses();
        for (const l of [...this.statusListeners]) l(all);
      });
    }
  }

  start(): void {
    for (const d of this.devices) d.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.devices.map((d) => d.stop()));
  }

  statuses(): SerialDeviceStatus[] {
    return this.devices.map((d) => d.status());
  }

  show(content: LedContent): void {
    for (const d of this.devices) d.show(content);
  }

  showPad(display: PadDisplay): void {
    for (const d of this.devices) d.showPad(display);
  }

  onKey(listener: (input: PadInput) => void): () => void {
    this.keyListeners.add(listener);
    return () => this.keyListeners.delete(listener);
  }

  onStatus(listener: (status: SerialDeviceStatus[]) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }
}
