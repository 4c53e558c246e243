import { z } from 'zod';
import type { WechatSettings } from '@onestop/shared';
import {
  httpFailure,
  networkFailure,
  PROVIDER_TIMEOUT_MS,
  type Notifier,
  type OutgoingMessage,
  type SendOutcome,
} from './notifier.js';
import { templateOf } from './sms.js';

/** WeChat's answers that mean the access token is no longer good: fetch a new one, try again. */
const TOKEN_GONE: ReadonlySet<number> = new Set([40001, 40014, 42001]);
/** "System busy": try again later. */
const BUSY = -1;
/** A token is renewed this long before WeChat says it expires. */
const TOKEN_MARGIN_MS = 5 * 60_000;

/** WeChat's JSON answers, the fields read (each may be absent; others are ignored). */
const WechatAnswerSchema = z.object({
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
  access_token: z.string().optional(),
  expires_in: z.number().positive().optional(),
  msgid: z.union([z.number(), z.string()]).optional(),
});
type WechatAnswer = z.infer<typeof WechatAnswerSchema>;

/**
 * A WeChat official account's template messages (模板消息): the access token from
 * `GET {base}/cgi-bin/token?grant_type=client_credential&appid=…&secret=…`, kept until shortly
 * before it expires; each message a `POST {base}/cgi-bin/message/template/send?access_token=…`
 * with `touser` (the visitor's openid), `template_id` and `data` (`first`: the text,
 * `keyword1`: the ticket's number, `keyword2`: the window's number, the count ahead or an
 * invitation's link, which is also the message's `url`).
 *
 * WeChat takes no idempotency key: a hub stopped between WeChat's answer and the outbox's
 * `sent` sends that one message again after its restart (at least once; see docs/VISITORS.md).
 */
export class WechatNotifier implements Notifier {
  readonly idempotent = false;
  private token: { value: string; until: number } | null = null;

  constructor(
    private readonly settings: WechatSettings,
    private readonly appSecret: string,
    private readonly now: () => number = Date.now,
  ) {}

  async send(m: OutgoingMessage): Promise<SendOutcome> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await this.accessToken();
      if (!token.ok) return token.outcome;
      const url = `${this.base()}/cgi-bin/message/template/send?access_token=${encodeURIComponent(token.value)}`;
      const answer = await postJson(url, {
        touser: m.to,
        template_id: templateOf(this.settings, m.kind),
        // An invitation opens the ticket's status page when tapped.
        ...(m.params.link === undefined ? {} : { url: m.params.link }),
        data: {
          first: { value: m.text },
          keyword1: { value: m.params.number ?? '' },
          keyword2: { value: m.params.window ?? m.params.count ?? m.params.link ?? '' },
        },
      });
      if (!answer.ok) return answer.outcome;
      const { errcode = 0, errmsg = '', msgid } = answer.body;
      if (errcode === 0 && msgid !== undefined) return { ok: true, providerId: String(msgid) };
      if (TOKEN_GONE.has(errcode)) {
        this.token = null; // renewed once, then tried again
        continue;
      }
      return { ok: false, retry: errcode === BUSY, error: `WeChat errcode ${errcode}: ${errmsg}` };
    }
    return { ok: false, retry: true, error: 'WeChat refused a fresh access token' };
  }

  private base(): string {
    return this.settings.baseUrl.replace(/\/+$/, '');
  }

  private async accessToken(): Promise<
    { ok: true; value: string } | { ok: false; outcome: SendOutcome }
  > {
    if (this.token && this.token.until > this.now()) return { ok: true, value: this.token.value };
    const query = new URLSearchParams({
      grant_type: 'client_credential',
      appid: this.settings.appId,
      secret: this.appSecret,
    });
    const answer = await getJson(`${this.base()}/cgi-bin/token?${query.toString()}`);
    if (!answer.ok) return answer;
    const { access_token: value, expires_in: expiresIn = 7200, errcode, errmsg } = answer.body;
    if (typeof value !== 'string' || value.length === 0) {
      // A wrong AppID or secret, or an address not on the account's IP list: nothing to retry.
      const retry = errcode === BUSY;
      const error = `WeChat gave no access token (errcode ${errcode ?? '?'}: ${errmsg ?? ''})`;
      return { ok: false, outcome: { ok: false, retry, error } };
    }
    this.token = { value, until: this.now() + expiresIn * 1000 - TOKEN_MARGIN_MS };
    return { ok: true, value };
  }
}

type Answer = { ok: true; body: WechatAnswer } | { ok: false; outcome: SendOutcome };

function getJson(url: string): Promise<Answer> {
  return request(url, { method: 'GET' });
}

function postJson(url: string, body: unknown): Promise<Answer> {
  return request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function request(url: string, init: RequestInit): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (err) {
    return { ok: false, outcome: networkFailure(err) };
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) return { ok: false, outcome: httpFailure(response.status, text) };
  try {
    const parsed = WechatAnswerSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { ok: true, body: parsed.data };
  } catch {
    // said below
  }
  return {
    ok: false,
    outcome: {
      ok: false,
      retry: true,
      error: `WeChat answered no JSON it knows: ${text.slice(0, 100)}`,
    },
  };
}
