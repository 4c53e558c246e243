import {
  notifyInviteOf,
  notifySettingsOf,
  statusPageUrl,
  t,
  type NotifySettings,
} from '@onestop/shared';
import type { Hub } from '../../hub.js';
import { OutboxLoop } from '../../outbox-loop.js';
import { CaseAlertSender } from '../case-alerts/case-alerts.js';
import type { NotifyChannel, NotifyParams, OutboxRow } from '../../store/index.js';
import type { Notifier, OutgoingMessage, SendOutcome } from './notifier.js';
import { SmsGatewayNotifier } from './sms.js';
import { WechatNotifier } from './wechat.js';

/** The providers' secrets: the hub's environment's, never in the hall's configuration. */
export interface NotifySecrets {
  smsApiKey: string | null;
  wechatAppSecret: string | null;
}

/** `ONESTOP_SMS_API_KEY` and `ONESTOP_WECHAT_APP_SECRET` (empty: none). */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): NotifySecrets {
  const value = (name: string) => {
    const v = env[name]?.trim() ?? '';
    return v === '' ? null : v;
  };
  return {
    smsApiKey: value('ONESTOP_SMS_API_KEY'),
    wechatAppSecret: value('ONESTOP_WECHAT_APP_SECRET'),
  };
}

export interface NotifySenderOptions {
  secrets: NotifySecrets;
  /** Providers by channel instead of those the settings name (tests: a `RecordingNotifier`). */
  notifiers?: Partial<Record<Exclude<NotifyChannel, 'none'>, Notifier>>;
  /** How often the outbox is looked at when nothing wakes the sender; 1 s unless given. */
  pollMs?: number;
  /** Tries of one message before it is `failed`; 8 unless given. */
  maxAttempts?: number;
  /** The wait before try `attempt + 1`; 1 s doubling up to 5 min unless given. */
  backoffMs?: (attempt: number) => number;
}

export function defaultBackoffMs(attempt: number): number {
  return Math.min(1_000 * 2 ** Math.max(0, attempt - 1), 5 * 60_000);
}

/**
 * Delivers the outbox (features/notify, store/notify.ts) outside every command: a loop that
 * takes the messages due, marks each `sending` (its own small write, between commands), asks
 * its provider, and marks it `sent` with the provider's id, or due again after a backoff, or
 * `failed`. A call never waits for it: the outbox was written with the call, the sending is
 * this loop's. A message left `sending` by a hub killed mid-send is sent again with the same
 * idempotency key: once for a provider that keeps it (the SMS gateway), at least once for one
 * that does not (WeChat). The case alerts to the duty supervisors (features/case-alerts) go
 * with it, by the same SMS provider, retries and backoff.
 */
export class NotifySender {
  private readonly loop: OutboxLoop<OutboxRow>;
  /** The case alerts to the duty supervisors, by the same SMS provider and rules. */
  private readonly caseAlerts: CaseAlertSender;
  private readonly built = new Map<string, Notifier>();
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number) => number;

  private constructor(
    private readonly hub: Hub,
    private readonly options: NotifySenderOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoffMs = options.backoffMs ?? defaultBackoffMs;
    this.loop = new OutboxLoop(hub, options.pollMs ?? 1_000, {
      name: 'notify',
      ready: () => true,
      due: (now, limit) => hub.store.notify.due(now, limit),
      sendOne: (row) => this.sendOne(row),
      idOf: (row) => row.id,
      version: () => hub.store.notify.version,
    });
    this.caseAlerts = new CaseAlertSender(hub, {
      notifier: () => this.notifierFor('sms'),
      pollMs: options.pollMs ?? 1_000,
      maxAttempts: this.maxAttempts,
      backoffMs: this.backoffMs,
    });
  }

  static start(hub: Hub, options: NotifySenderOptions): NotifySender {
    const sender = new NotifySender(hub, options);
    sender.wake();
    return sender;
  }

  /** Looks at the outbox soon (after the current turn). */
  wake(): void {
    this.loop.wake();
    this.caseAlerts.wake();
  }

  /**
   * Sends what is due now, once, the case alerts too; resolves when done (a pass already
   * running is awaited).
   */
  async pass(): Promise<void> {
    await Promise.all([this.loop.pass(), this.caseAlerts.pass()]);
  }

  /** Stops the loops; a message being sent finishes (and is marked) first. */
  async stop(): Promise<void> {
    await Promise.all([this.loop.stop(), this.caseAlerts.stop()]);
  }

  private async sendOne(row: OutboxRow): Promise<void> {
    const store = this.hub.store;
    if (row.kind === 'invite' && notifyInviteOf(notifySettingsOf(this.hub.config)) === null) {
      store.notify.markSkipped(row.id, 'the hall turned the invitation to rate off');
      return;
    }
    const message = this.messageOf(row);
    const notifier = message && this.notifierFor(row.channel);
    if (!message || !notifier) {
      const why = !message ? 'the visitor gave no contact for it' : `${row.channel} is not set up`;
      // Settings and secrets may yet be given: tried again like a provider's refusal.
      if (!message || row.attempts + 1 >= this.maxAttempts) store.notify.markFailed(row.id, why);
      else if (store.notify.claim(row.id)) this.again(row, why);
      return;
    }
    if (!this.claim(row)) return;
    let outcome: SendOutcome;
    try {
      outcome = await notifier.send(message);
    } catch (err) {
      outcome = { ok: false, retry: true, error: String(err) };
    }
    if (!store.isOpen) return; // the hub stopped meanwhile: `sending`, tried again at its start
    if (outcome.ok) store.notify.markSent(row.id, outcome.providerId, this.hub.now());
    else if (outcome.retry && row.attempts + 1 < this.maxAttempts) this.again(row, outcome.error);
    else store.notify.markFailed(row.id, outcome.error);
  }

  /**
   * Marks a row `sending`; an invitation only if the visit's last step is still unrated, checked
   * in the same transaction (a step rated on the pad or by QR code meanwhile: skipped).
   */
  private claim(row: OutboxRow): boolean {
    switch (row.kind) {
      case 'near':
      case 'called':
        return this.hub.store.notify.claim(row.id);
      case 'invite':
        return this.hub.store.notify.claimInvite(row.id, row.ticket_id) === 'claimed';
    }
  }

  private again(row: OutboxRow, error: string): void {
    const nextAt = this.hub.now() + this.backoffMs(row.attempts + 1);
    this.hub.store.notify.retryAt(row.id, nextAt, error);
  }

  /** The message of a row: its text in the hall's first language, to the ticket's contact. */
  private messageOf(row: OutboxRow): OutgoingMessage | null {
    const contact = this.hub.store.notify.contactOf(row.ticket_id);
    const to = row.channel === 'wechat' ? contact?.wechatOpenId : contact?.phone;
    if (to === null || to === undefined) return null;
    const p = JSON.parse(row.params) as NotifyParams;
    const { hall } = this.hub.config;
    const lang = hall.languages[0] ?? 'zh';
    const params: Record<string, string> = { number: p.number };
    if (p.window !== undefined) params.window = String(p.window);
    if (p.count !== undefined) params.count = String(p.count);
    let text: string;
    switch (row.kind) {
      case 'near':
        text = t('notify.near', lang, { number: p.number, count: p.count ?? 0 });
        break;
      case 'called':
        text = t('notify.called', lang, { number: p.number, window: p.window ?? '' });
        break;
      case 'invite': {
        const invite = notifyInviteOf(notifySettingsOf(this.hub.config));
        if (invite === null || p.token === undefined) return null;
        params.link = statusPageUrl(invite.statusBaseUrl, p.token);
        text = t('notify.invite', lang, {
          hall: hall.name[lang],
          number: p.number,
          link: params.link,
        });
        break;
      }
    }
    return {
      idempotencyKey: `${this.hub.store.hallId()}/${row.ticket_id}/${row.kind}`,
      kind: row.kind,
      to,
      text,
      params,
    };
  }

  private notifierFor(channel: NotifyChannel): Notifier | null {
    if (channel === 'none') return null;
    const given = this.options.notifiers?.[channel];
    if (given) return given;
    const settings: NotifySettings = notifySettingsOf(this.hub.config);
    const { secrets } = this.options;
    const key = `${channel}\u0000${JSON.stringify(channel === 'sms' ? settings.sms : settings.wechat)}`;
    const known = this.built.get(key);
    if (known) return known;
    let made: Notifier | null = null;
    if (channel === 'sms' && settings.sms && secrets.smsApiKey !== null) {
      made = new SmsGatewayNotifier(settings.sms, secrets.smsApiKey);
    } else if (channel === 'wechat' && settings.wechat && secrets.wechatAppSecret !== null) {
      made = new WechatNotifier(settings.wechat, secrets.wechatAppSecret);
    }
    if (made) this.built.set(key, made);
    return made;
  }
}
