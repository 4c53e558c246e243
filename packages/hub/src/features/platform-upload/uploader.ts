import { randomBytes } from 'node:crypto';
import { platformUploadOf, type UploadRecord } from '@onestop/shared';
import type { Hub } from '../../hub.js';
import { OutboxLoop } from '../../outbox-loop.js';
import type { PlatformOutboxRow } from '../../store/index.js';
import { mappingOf, type UploadOutcome } from './mapping.js';

/** `ONESTOP_PLATFORM_SECRET`: the hall's key at the platform (empty: none). */
export function platformSecretFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): string | null {
  const v = env.ONESTOP_PLATFORM_SECRET?.trim() ?? '';
  return v === '' ? null : v;
}

export interface PlatformUploaderOptions {
  /** The hall's key at the platform: the hub's environment's, never in the configuration. */
  secret: string | null;
  /** How often the outbox is looked at when nothing wakes the uploader; 5 s unless given. */
  pollMs?: number;
  /** How long one request may take; 15 s unless given. */
  timeoutMs?: number;
  /** The wait before try `attempt + 1`; 2 s doubling up to 10 min unless given. */
  backoffMs?: (attempt: number) => number;
}

export function uploadBackoffMs(attempt: number): number {
  return Math.min(2_000 * 2 ** Math.max(0, attempt - 1), 10 * 60_000);
}

/**
 * Sends the platform outbox (store/platform-upload.ts) outside every command: a loop that takes
 * the records due, marks each `sending` (its own small write, between commands), posts it in
 * its platform's words, and marks it `sent` with the platform's receipt, `refused` with the
 * platform's reason, or due again after a backoff (a timeout, a 5xx, the credentials refused;
 * a record is never given up). A hall's command never waits for it. A record left `sending` by
 * a hub killed mid-send is sent again with the same idempotency key, which the platform keeps:
 * once, whatever happens between its commit and ours.
 */
export class PlatformUploader {
  private readonly loop: OutboxLoop<PlatformOutboxRow>;
  private readonly timeoutMs: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly inFlight = new Set<AbortController>();

  private constructor(
    private readonly hub: Hub,
    private readonly options: PlatformUploaderOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.backoffMs = options.backoffMs ?? uploadBackoffMs;
    this.loop = new OutboxLoop(hub, options.pollMs ?? 5_000, {
      name: 'platform upload',
      ready: () => platformUploadOf(hub.config)?.enabled === true,
      due: (now, limit) => hub.store.platformUpload.due(now, limit),
      sendOne: (row) => this.sendOne(row),
      idOf: (row) => row.id,
    });
  }

  static start(hub: Hub, options: PlatformUploaderOptions): PlatformUploader {
    const uploader = new PlatformUploader(hub, options);
    uploader.loop.wake();
    return uploader;
  }

  /** Sends what is due now, once; resolves when done (a pass already running is awaited). */
  pass(): Promise<void> {
    return this.loop.pass();
  }

  /** Stops the loop; a request under way is abandoned (its record is sent again at start). */
  stop(): Promise<void> {
    return this.loop.stop(() => {
      for (const c of this.inFlight) c.abort();
    });
  }

  private async sendOne(row: PlatformOutboxRow): Promise<void> {
    const store = this.hub.store;
    const settings = platformUploadOf(this.hub.config);
    if (!settings?.enabled || !store.platformUpload.claim(row.id)) return;
    const outcome = await this.post(row, settings.url);
    if (!store.isOpen || this.loop.stopped) return; // `sending`: sent again at the next start
    switch (outcome.kind) {
      case 'sent':
        store.platformUpload.markSent(row.id, outcome.receipt, this.hub.now());
        break;
      case 'refused':
        store.platformUpload.markRefused(row.id, outcome.reason);
        break;
      case 'credentials':
      case 'retry': {
        const nextAt = this.hub.now() + this.backoffMs(row.attempts + 1);
        const credentials = outcome.kind === 'credentials';
        store.platformUpload.retryAt(row.id, nextAt, outcome.error, credentials);
        break;
      }
    }
  }

  private async post(row: PlatformOutboxRow, url: string): Promise<UploadOutcome> {
    const settings = platformUploadOf(this.hub.config);
    const { secret } = this.options;
    if (settings === null) return { kind: 'retry', error: 'the hall uploads nothing' };
    if (secret === null) {
      return { kind: 'credentials', error: 'ONESTOP_PLATFORM_SECRET is not set on the hub' };
    }
    const mapping = mappingOf(settings.mapping);
    // Written by `add` from a typed UploadRecord.
    const record = JSON.parse(row.body) as UploadRecord;
    const request = mapping.request(record, settings, secret, {
      timestamp: this.hub.now(),
      nonce: randomBytes(16).toString('hex'),
    });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('timed out')), this.timeoutMs);
    this.inFlight.add(controller);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
        redirect: 'error',
      });
      const text = await response.text();
      return mapping.answer(response.status, text);
    } catch (err) {
      const reason = controller.signal.aborted ? `timed out after ${this.timeoutMs} ms` : err;
      return { kind: 'retry', error: reason instanceof Error ? reason.message : String(reason) };
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }
}
