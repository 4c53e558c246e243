import { z } from 'zod';
import type {
  HallConfig,
  NotifyCaseAlerts,
  NotifyInvite,
  NotifySettings,
  VisitorContact,
} from '../domain/types.js';
import { reasonParams, REASONS } from './issues.js';
import { plainText } from './plain-text.js';

/*
 * 叫号提醒 (turn-near messages): the visitor's phone number as the kiosk sends it, how it is
 * shown (masked, everywhere), and the hall's settings for the messages.
 */

/** A mainland China mobile number: 11 digits, `1` then 3 to 9. */
export const PhoneSchema = z.string().regex(/^1[3-9]\d{9}$/, REASONS.mobile_format);

/** A WeChat user of the hall's official account (an openid: 28 characters in practice). */
export const WechatOpenIdSchema = z
  .string()
  .min(16)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, REASONS.id_format);

/** A phone number as every screen and log shows it: `138****5678`. */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** The contact a command carries, or undefined when it names none. */
export function contactOf(m: {
  phone?: string | undefined;
  wechatOpenId?: string | undefined;
}): VisitorContact | undefined {
  const phone = m.phone ?? null;
  const wechatOpenId = m.wechatOpenId ?? null;
  return phone === null && wechatOpenId === null ? undefined : { phone, wechatOpenId };
}

/** The most people ahead a message may wait for. */
export const NOTIFY_AHEAD_MAX = 50;

/** The longest wait before an invitation to rate: a day (the rating closes with the day anyway). */
export const INVITE_DELAY_MAX_MINUTES = 24 * 60;

/** The most duty supervisors a case alert goes to. */
export const CASE_ALERT_PHONES_MAX = 5;

const CASE_ALERT_TEMPLATE_MISSING = 'case alerts are sent by SMS: set sms.templateCaseAlert';

const url = z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).max(500);
const templateId = plainText(z.string().min(1).max(100));
const ahead = z.int().min(0).max(NOTIFY_AHEAD_MAX);

export const NotifySettingsSchema = z
  .strictObject({
    kioskAsksPhone: z.boolean(),
    aheadDefault: ahead,
    aheadByService: z
      .array(z.strictObject({ serviceId: z.string().min(1).max(64), ahead }))
      .max(500),
    sms: z
      .strictObject({
        url,
        templateNear: templateId,
        templateCalled: templateId,
        templateInvite: templateId.optional(),
        templateCaseAlert: templateId.optional(),
      })
      .nullable(),
    wechat: z
      .strictObject({
        baseUrl: url,
        appId: plainText(z.string().min(1).max(64)),
        templateNear: templateId,
        templateCalled: templateId,
        templateInvite: templateId.optional(),
      })
      .nullable(),
    invite: z
      .strictObject({
        delayMinutes: z.int().min(0).max(INVITE_DELAY_MAX_MINUTES),
        statusBaseUrl: url,
      })
      .nullable()
      .optional(),
    caseAlerts: z
      .strictObject({
        phones: z
          .array(PhoneSchema)
          .min(1)
          .max(CASE_ALERT_PHONES_MAX)
          .superRefine((phones, ctx) => {
            phones.forEach((p, i) => {
              if (phones.indexOf(p) === i) return;
              ctx.addIssue({
                code: 'custom',
                path: [i],
                message: `duplicate phone "${maskPhone(p)}"`,
                params: reasonParams('duplicate', { value: maskPhone(p) }),
              });
            });
          }),
        dueSoon: z.boolean(),
        overdue: z.boolean(),
      })
      .nullable()
      .optional(),
  })
  .superRefine((n, ctx) => {
    if (!n.caseAlerts || n.sms?.templateCaseAlert !== undefined) return;
    ctx.addIssue({
      code: 'custom',
      path: ['sms', 'templateCaseAlert'],
      message: CASE_ALERT_TEMPLATE_MISSING,
      params: reasonParams('other', { message: CASE_ALERT_TEMPLATE_MISSING }),
    });
  }) satisfies z.ZodType<NotifySettings>;

/** A hall that has not set the messages up: none is sent, the kiosk asks for no phone. */
export const NOTIFY_OFF: NotifySettings = {
  kioskAsksPhone: false,
  aheadDefault: 3,
  aheadByService: [],
  sms: null,
  wechat: null,
};

export function notifySettingsOf(config: HallConfig): NotifySettings {
  return config.notify ?? NOTIFY_OFF;
}

/** How many people ahead of a ticket of `serviceId` bring its message (0: none). */
export function notifyAheadFor(settings: NotifySettings, serviceId: string): number {
  return (
    settings.aheadByService.find((a) => a.serviceId === serviceId)?.ahead ?? settings.aheadDefault
  );
}

/** The hall's invitation to rate, or null when it sends none. */
export function notifyInviteOf(settings: NotifySettings): NotifyInvite | null {
  return settings.invite ?? null;
}

/** The address of a ticket's status page under `base` (the link of an invitation to rate). */
export function statusPageUrl(base: string, accessToken: string): string {
  return `${base.replace(/\/+$/, '')}/t/${encodeURIComponent(accessToken)}`;
}

/** The hall's case alerts to its duty supervisors, or null when it sends none. */
export function notifyCaseAlertsOf(settings: NotifySettings): NotifyCaseAlerts | null {
  const alerts = settings.caseAlerts ?? null;
  return alerts && (alerts.dueSoon || alerts.overdue) ? alerts : null;
}
