import { localClock, type HallState } from '@onestop/shared';
import { isQuiet, type DisplayConfig, type DisplayLang } from '../../shared/config.js';
import { BrowserSink, fetchedClips } from './browser-sink.js';
import {
  AnnouncementQueue,
  type AnnouncementEntry,
  type AudioSink,
  type CallToAnnounce,
} from './queue.js';

/*
 * The display's voice: the announcement queue with what it needs to know at the moment it
 * speaks (languages, repeats, volume, quiet hours), which the page updates as they change.
 */

export interface AnnouncerOptions {
  /** Where sound goes; the browser's speakers by default. */
  sink?: AudioSink;
  /** The page's base (`/display/`): clips are fetched from `<base>voice/`. */
  base: string;
  /** The hall's own recordings (the Electron preload), tried before the shipped clips. */
  readClip?: (id: string) => Promise<Uint8Array | null>;
  clock: () => number;
  onChange?: (log: readonly AnnouncementEntry[]) => void;
}

export function displayLanguages(config: DisplayConfig, state: HallState | null): DisplayLang[] {
  const langs = config.languages ?? state?.config.hall.languages ?? ['zh', 'en'];
  return langs.length > 0 ? [...langs] : ['zh'];
}

export class Announcer {
  private config: DisplayConfig | null = null;
  private state: HallState | null = null;
  readonly queue: AnnouncementQueue;

  constructor(options: AnnouncerOptions) {
    const sink =
      options.sink ??
      new BrowserSink({
        clips: fetchedClips(options.base, options.readClip),
        mode: () => this.config?.voice ?? 'auto',
        volume: () => this.config?.volume ?? 1,
        audioOutput: () => this.config?.audioOutput ?? null,
      });
    this.queue = new AnnouncementQueue({
      sink,
      languages: () => (this.config ? displayLanguages(this.config, this.state) : ['zh']),
      repeats: () => this.config?.repeats ?? 1,
      muted: () => {
        const config = this.config;
        if (config === null || config.voice === 'off') return true;
        const timezone = this.state?.config.hall.timezone;
        return (
          timezone !== undefined &&
          isQuiet(config.quietHours, localClock(options.clock(), timezone).hhmm)
        );
      },
      // Said only while still current: the ticket still called at that window.
      isCurrent: (call) => {
        const ticket = this.state?.tickets.get(call.ticketId);
        return ticket?.status === 'called' && ticket.windowId === call.windowId;
      },
      ...(options.onChange ? { onChange: options.onChange } : {}),
    });
  }

  /** What the next announcement reads: the display's config and the hall as it is now. */
  update(config: DisplayConfig, state: HallState | null): void {
    this.config = config;
    this.state = state;
  }

  announce(call: CallToAnnounce): void {
    this.queue.enqueue(call);
  }
}
