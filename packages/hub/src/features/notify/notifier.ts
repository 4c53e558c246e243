import type { NotifyKind } from '../../store/index.js';

/** What a provider is asked to send: a visitor's message, or a case alert to a supervisor. */
export type MessageKind = NotifyKind | 'case_alert';

/** One message as a provider sends it. */
export interface OutgoingMessage {
  /**
   * The same for every try of this message (hall, ticket, kind; hall, case, deadline, state, phone): a provider that accepts an
   * idempotency key sends it once however often the hub asks (after a crash mid-send).
   */
  idempotencyKey: string;
  kind: MessageKind;
  /** A mobile number for SMS, an openid for WeChat. */
  to: string;
  /** The message in the hall's first language ("请 A015 号到 3 号窗口办理"). */
  text: string;
  /**
   * The template's values: `number`, and `window` or `count`, or `link` (an invitation); a case
   * alert's `case`, `deadline`, `state` and `due`.
   */
  params: Readonly<Record<string, string>>;
}

/**
 * What came of one try: sent (with the provider's id for the message), or not — to be tried
 * again later (`retry`: a timeout, a 5xx, a busy provider) or never (a refused template or
 * recipient, a wrong key: trying again sends nothing either).
 */
export type SendOutcome =
  { ok: true; providerId: string } | { ok: false; retry: boolean; error: string };

/**
 * Whatever carries a message to a visitor (an SMS gateway, a WeChat official account, the
 * tests' recorder). The sender (sender.ts) calls it outside every command, one message at a
 * time; it must never throw for a refusal, only answer it.
 */
export interface Notifier {
  /** `true` when the provider keeps `idempotencyKey` (a resend after a crash is not a second). */
  readonly idempotent: boolean;
  send(message: OutgoingMessage): Promise<SendOutcome>;
}

/** A provider that records what it is asked to send (tests, trials); the outcome is the test's. */
export class RecordingNotifier implements Notifier {
  readonly idempotent = true;
  readonly sent: OutgoingMessage[] = [];
  private count = 0;

  constructor(private readonly answer: (m: OutgoingMessage) => SendOutcome | null = () => null) {}

  send(message: OutgoingMessage): Promise<SendOutcome> {
    this.sent.push(message);
    const given = this.answer(message);
    this.count += 1;
    return Promise.resolve(given ?? { ok: true, providerId: `test-${this.count}` });
  }
}

/** An HTTP error or a network failure as a try's outcome: 5xx, 408 and 429 are tried again. */
export function httpFailure(status: number, body: string): SendOutcome {
  const retry = status >= 500 || status === 408 || status === 429;
  return { ok: false, retry, error: `HTTP ${status}: ${body.slice(0, 200)}` };
}

/** A failure before any answer (refused connection, timeout): tried again. */
export function networkFailure(err: unknown): SendOutcome {
  return { ok: false, retry: true, error: err instanceof Error ? err.message : String(err) };
}

/** How long one request to a provider may take. */
export const PROVIDER_TIMEOUT_MS = 10_000;
