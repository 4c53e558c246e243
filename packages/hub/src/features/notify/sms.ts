import type { SmsGatewaySettings, WechatSettings } from '@onestop/shared';
import {
  httpFailure,
  networkFailure,
  PROVIDER_TIMEOUT_MS,
  type MessageKind,
  type Notifier,
  type OutgoingMessage,
  type SendOutcome,
} from './notifier.js';

/**
 * An SMS gateway's HTTP API, the generic shape most Chinese gateways offer (documented in
 * docs/VISITORS.md): one JSON POST per message to the configured URL,
 *
 *   Authorization: Bearer <API key>          (ONESTOP_SMS_API_KEY in the hub's environment)
 *   Idempotency-Key: <hall>/<ticket>/<kind>   (a case alert: <hall>/case/<case>/<deadline>/…)
 *   { "requestId", "phone", "templateId", "params": { "number", "window" | "count" | "link" },
 *     "text" }                                (a case alert's params: case, deadline, state, due)
 *
 * answered 2xx with `{ "messageId": "…" }`. The gateway is expected to keep the idempotency key
 * (send a second request with the same key once); then a resend after a crash is not a second
 * message.
 */
export class SmsGatewayNotifier implements Notifier {
  readonly idempotent = true;

  constructor(
    private readonly settings: SmsGatewaySettings,
    private readonly apiKey: string,
  ) {}

  async send(m: OutgoingMessage): Promise<SendOutcome> {
    const templateId = templateOf(this.settings, m.kind);
    let response: Response;
    try {
      response = await fetch(this.settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.apiKey}`,
          'idempotency-key': m.idempotencyKey,
        },
        body: JSON.stringify({
          requestId: m.idempotencyKey,
          phone: m.to,
          templateId,
          params: m.params,
          text: m.text,
        }),
        signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (err) {
      return networkFailure(err);
    }
    const body = await response.text().catch(() => '');
    if (!response.ok) return httpFailure(response.status, body);
    const id = messageIdOf(body);
    return id === null
      ? {
          ok: false,
          retry: true,
          error: `the gateway answered ${response.status} without a messageId`,
        }
      : { ok: true, providerId: id };
  }
}

function messageIdOf(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const id = (parsed as Record<string, unknown>).messageId;
    return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : null;
  } catch {
    return null;
  }
}

/**
 * A provider's template for a kind of message (an invitation's or a case alert's: '' when none,
 * never planned: a case alert needs `sms.templateCaseAlert`, WeChat sends none).
 */
export function templateOf(
  settings: SmsGatewaySettings | WechatSettings,
  kind: MessageKind,
): string {
  switch (kind) {
    case 'near':
      return settings.templateNear;
    case 'called':
      return settings.templateCalled;
    case 'invite':
      return settings.templateInvite ?? '';
    case 'case_alert':
      return 'templateCaseAlert' in settings ? (settings.templateCaseAlert ?? '') : '';
  }
}
