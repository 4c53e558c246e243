import { announcementText } from '@onestop/shared';
import type { DisplayLang } from '../../shared/config.js';
import { planClips } from './plan.js';

/*
 * The one ordered announcement queue of a display. A call is a chime, then its sentence in every
 * configured language, the whole repeated the configured number of times. Calls are spoken one
 * after another: a new call waits for the current one and never cuts it off.
 *
 * At a peak (a dozen windows calling within seconds) the voice keeps up with the board instead
 * of reading a growing list of numbers long since served:
 * - What is said is organised in announcement cycles. While one cycle is being said, the calls
 *   that arrive gather in the next cycle, at most `BACKLOG_LIMIT` of them; when one more comes,
 *   the oldest waiting one is dropped (`dropped`, reason `backlog`): it stays on the board,
 *   large, until it is served. So a call is said in the cycle after the one it arrived in, or
 *   not at all: the voice never lags the board by more than one cycle.
 * - A cycle of one call is said in full (`repeats` times); a cycle of several says each call
 *   once in each language, after one chime.
 * - A call is said only while it is still current (the ticket still called at that window):
 *   one served, ended or called elsewhere before its turn is dropped (reason `not_current`). A
 *   recall of a call still waiting to be said is merged into it (`merged`).
 */

/** Calls waiting for the next cycle, at most. */
export const BACKLOG_LIMIT = 4;

export type CallKind = 'call' | 'recall';

export interface CallToAnnounce {
  ticketId: string;
  number: string;
  windowId: string;
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

/**
 * `silent`: in quiet hours or with the voice off; shown on the board, never spoken. `dropped`:
 * not said (see `reason`); `merged`: a recall said as part of the same call waiting before it.
 */
export type AnnouncementStatus =
  'queued' | 'speaking' | 'done' | 'failed' | 'silent' | 'dropped' | 'merged';

/** Why a call was not said: no longer current at its turn, or pushed out at a peak. */
export type DropReason = 'not_current' | 'backlog';

export interface AnnouncementEntry extends CallToAnnounce {
  seq: number;
  status: AnnouncementStatus;
  /** The sentences, in the order they are spoken (one repeat). */
  texts: string[];
  /** The cycle being said when the call came (0: the voice was idle). */
  queuedDuring: number;
  /** The cycle that says it (null while it waits for the next cycle). */
  cycle: number | null;
  reason: DropReason | null;
  /** For a merged recall: the entry that says it. */
  mergedInto: number | null;
}

export interface QueueOptions {
  sink: AudioSink;
  languages: () => readonly DisplayLang[];
  repeats: () => number;
  /** True while nothing may be heard (quiet hours, voice off). */
  muted: () => boolean;
  /** Whether the call is still current (its ticket called at its window); always by default. */
  isCurrent?: (call: CallToAnnounce) => boolean;
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

/** The segments of a cycle of several calls: one chime, then each call once in each language. */
export function mergedSegments(
  calls: readonly CallToAnnounce[],
  languages: readonly DisplayLang[],
): Segment[][] {
  return calls.map((call) => segmentsFor(call, languages, 1).filter((s) => s.kind === 'speech'));
}

export class AnnouncementQueue {
  private readonly entries: AnnouncementEntry[] = [];
  /** The calls for the next cycle, oldest first. */
  private readonly pending: AnnouncementEntry[] = [];
  private running: Promise<void> = Promise.resolve();
  private draining = false;
  private nextSeq = 1;
  private cycleNow = 0;
  private cycles = 0;

  constructor(private readonly options: QueueOptions) {}

  /** The announcements so far (the newest `LOG_LIMIT`), oldest first. */
  get log(): readonly AnnouncementEntry[] {
    return this.entries;
  }

  /** The call being said now, or null. */
  get speaking(): AnnouncementEntry | null {
    return this.entries.find((e) => e.status === 'speaking') ?? null;
  }

  /** How many calls wait for the next cycle. */
  get backlog(): number {
    return this.pending.length;
  }

  /** Adds a call for the next cycle; it is said after the cycle being said now, if still current. */
  enqueue(call: CallToAnnounce): AnnouncementEntry {
    const languages = this.options.languages();
    const entry: AnnouncementEntry = {
      ...call,
      seq: this.nextSeq++,
      status: 'queued',
      texts: languages.map((lang) => announcementText(call.number, call.windowNumber, lang)),
      queuedDuring: this.cycleNow,
      cycle: null,
      reason: null,
      mergedInto: null,
    };
    this.entries.push(entry);
    if (this.entries.length > LOG_LIMIT) this.entries.splice(0, this.entries.length - LOG_LIMIT);
    if (this.options.muted()) {
      entry.status = 'silent';
      this.changed();
      return entry;
    }
    this.dropStale();
    const same = this.pending.find((p) => p.ticketId === call.ticketId);
    if (same) {
      entry.status = 'merged';
      entry.mergedInto = same.seq;
    } else {
      this.pending.push(entry);
      while (this.pending.length > BACKLOG_LIMIT) {
        const oldest = this.pending.shift();
        if (oldest) this.drop(oldest, 'backlog');
      }
      if (!this.draining) this.running = this.drain();
    }
    this.changed();
    return entry;
  }

  /** Resolves when the queue is empty. */
  async idle(): Promise<void> {
    while (this.draining) await this.running;
  }

  private isCurrent(call: CallToAnnounce): boolean {
    return this.options.isCurrent?.(call) ?? true;
  }

  private drop(entry: AnnouncementEntry, reason: DropReason): void {
    entry.status = 'dropped';
    entry.reason = reason;
  }

  /** Drops the waiting calls that are no longer current. */
  private dropStale(): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const entry = this.pending[i];
      if (entry && !this.isCurrent(entry)) {
        this.drop(entry, 'not_current');
        this.pending.splice(i, 1);
      }
    }
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.pending.length > 0) {
      this.dropStale();
      const calls = this.pending.splice(0, this.pending.length);
      if (calls.length === 0) break;
      this.cycles += 1;
      this.cycleNow = this.cycles;
      for (const entry of calls) entry.cycle = this.cycleNow;
      const languages = this.options.languages();
      const parts =
        calls.length === 1 && calls[0]
          ? [segmentsFor(calls[0], languages, this.options.repeats()).slice(1)]
          : mergedSegments(calls, languages);
      let chimed = false;
      for (const [i, entry] of calls.entries()) {
        // Checked again at its turn within the cycle: a call served meanwhile is not said.
        if (!this.isCurrent(entry)) {
          this.drop(entry, 'not_current');
          this.changed();
          continue;
        }
        entry.status = 'speaking';
        this.changed();
        const segments: Segment[] = [
          ...(chimed ? [] : [{ kind: 'chime' } as const]),
          ...(parts[i] ?? []),
        ];
        chimed = true;
        let failed = false;
        let said = 0;
        for (const segment of segments) {
          // And before each sentence: a visitor who reached the window is not called on.
          if (segment.kind === 'speech' && !this.isCurrent(entry)) break;
          said += segment.kind === 'speech' ? 1 : 0;
          try {
            await this.options.sink.play(segment);
          } catch {
            // One segment that cannot be played does not stop the others or the queue.
            failed = true;
          }
        }
        if (said === 0) this.drop(entry, 'not_current');
        else entry.status = failed ? 'failed' : 'done';
        this.changed();
      }
    }
    this.cycleNow = 0;
    this.draining = false;
    this.changed();
  }

  private changed(): void {
    this.options.onChange?.(this.entries);
  }
}
