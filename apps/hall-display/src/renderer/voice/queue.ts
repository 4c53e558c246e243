import { announcementText } from '@onestop/shared';
import type { DisplayLang } from '../../shared/config.js';
import { planClips } from './plan.js';

/*
 * The one ordered announcement queue of a display: each call is a chime, then its sentence in
 * every configured language, the whole repeated the configured number of times. Calls are
 * spoken one after another: a new call waits for the current one and never cuts it off.
 */

export type CallKind = 'call' | 'recall';

export interface CallToAnnounce {
  ticketId: string;
  number: string;
  windowNumber: number;
  kind: CallKind;
}

/** One thing the sink plays: the chime, or one sentence (as text and as the clips that say it). */
export type Segment =
  { kind: 'chime' } | { kind: 'speech'; lang: DisplayLang; text: string; clips: string[] };

/** Where sound goes: resolves when the segment has been played (or could not be). */
export interface AudioSink {
  play(segment: Segment): Promise<void>;
}

/** `silent`: in quiet hours or with the voice off; shown on the board, never spoken. */
export type AnnouncementStatus = 'queued' | 'speaking' | 'done' | 'failed' | 'silent';

export interface AnnouncementEntry extends CallToAnnounce {
  seq: number;
  status: AnnouncementStatus;
  /** The sentences, in the order they are spoken (one repeat). */
  texts: string[];
}

export interface QueueOptions {
  sink: AudioSink;
  languages: () => readonly DisplayLang[];
  repeats: () => number;
  /** True while nothing may be heard (quiet hours, voice off). */
  muted: () => boolean;
  /** After every change of the log. */
  onChange?: (log: readonly AnnouncementEntry[]) => void;
}

export const LOG_LIMIT = 100;

/** The segments of one announcement: a chime, then every language's sentence, `repeats` times. */
export function segmentsFor(
  call: CallToAnnounce,
  languages: readonly DisplayLang[],
  repeats: number,
): Segment[] {
  const segments: Segment[] = [{ kind: 'chime' }];
  for (let r = 0; r < repeats; r++) {
    for (const lang of languages) {
      segments.push({
        kind: 'speech',
        lang,
        text: announcementText(call.number, call.windowNumber, lang),
        clips: planClips(call.number, call.windowNumber, lang),
      });
    }
  }
  return segments;
}

export class AnnouncementQueue {
  private readonly entries: AnnouncementEntry[] = [];
  private readonly pending: { entry: AnnouncementEntry; segments: Segment[] }[] = [];
  private running: Promise<void> | null = null;
  private nextSeq = 1;

  constructor(private readonly options: QueueOptions) {}

  /** The announcements so far (the newest `LOG_LIMIT`), oldest first. */
  get log(): readonly AnnouncementEntry[] {
    return this.entries;
  }

  /** Adds a call at the end of the queue; it is spoken when everything before it has been. */
  enqueue(call: CallToAnnounce): AnnouncementEntry {
    const languages = this.options.languages();
    const entry: AnnouncementEntry = {
      ...call,
      seq: this.nextSeq++,
      status: 'queued',
      texts: languages.map((lang) => announcementText(call.number, call.windowNumber, lang)),
    };
    this.entries.push(entry);
    if (this.entries.length > LOG_LIMIT) this.entries.splice(0, this.entries.length - LOG_LIMIT);
    if (this.options.muted()) {
      entry.status = 'silent';
    } else {
      this.pending.push({ entry, segments: segmentsFor(call, languages, this.options.repeats()) });
      this.running ??= this.drain();
    }
    this.changed();
    return entry;
  }

  /** Resolves when the queue is empty. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    for (let next = this.pending.shift(); next; next = this.pending.shift()) {
      const { entry, segments } = next;
      entry.status = 'speaking';
      this.changed();
      let failed = false;
      for (const segment of segments) {
        try {
          await this.options.sink.play(segment);
        } catch {
          // One segment that cannot be played does not stop the others or the queue.
          failed = true;
        }
      }
      entry.status = failed ? 'failed' : 'done';
      this.changed();
    }
    this.running = null;
  }

  private changed(): void {
    this.options.onChange?.(this.entries);
  }
}
