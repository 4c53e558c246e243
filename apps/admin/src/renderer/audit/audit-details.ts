/*
 * An audit event's details in words, in the page's language: a window by its number, a clerk by
 * code and name, a service by its name, a ticket by its number, reasons as the hall says them
 * (3 号窗口 · C01 张三 · 企业开办 · 先到先办). The raw event stays available beside it. Pure.
 */
import {
  listText,
  ratingReasonText,
  t,
  type HallConfig,
  type Lang,
  type SequencedEvent,
} from '@onestop/shared';
import { timeIn } from '../labels.js';

/** The names the details use, read from the hall's configuration. */
export interface DetailNames {
  window: (id: string) => string;
  staff: (code: string) => string;
  service: (id: string) => string;
  ticket: (id: string) => string;
}

export function detailNames(config: HallConfig, lang: Lang): DetailNames {
  return {
    window: (id) => {
      const w = config.windows.find((x) => x.id === id);
      return w === undefined ? id : t('audit.detail.window', lang, { n: w.number });
    },
    staff: (code) => {
      const s = config.staff.find((x) => x.code === code);
      return s === undefined ? code : `${code} ${s.name}`;
    },
    service: (id) => config.services.find((x) => x.id === id)?.name[lang] ?? id,
    // `${businessDay}/${number}`: the audit is searched by day, the number is what people see.
    ticket: (id) => id.slice(id.lastIndexOf('/') + 1),
  };
}

const SEP = ' · ';

/** The details of `e` in words (a `config_changed` says how big the configuration is). */
export function detailsText(e: SequencedEvent, config: HallConfig, lang: Lang, tz: string): string {
  const n = detailNames(config, lang);
  const join = (...parts: (string | null | false)[]) =>
    parts.filter((p): p is string => typeof p === 'string' && p !== '').join(SEP);
  const note = (text: string) => text.trim() !== '' && t('audit.detail.note', lang, { note: text });
  switch (e.type) {
    case 'day_opened':
      return t('audit.detail.businessDay', lang, { day: e.businessDay });
    case 'day_closed':
      return join(
        t('audit.detail.businessDay', lang, { day: e.businessDay }),
        e.expiredTicketIds.length > 0 &&
          t('audit.detail.expired', lang, { n: e.expiredTicketIds.length }),
      );
    case 'ticket_issued':
      return join(
        e.ticket.number,
        n.service(e.ticket.serviceId),
        e.ticket.class !== 'normal' && t(`ticket_class.${e.ticket.class}`, lang),
        e.ticket.allowedBy !== undefined &&
          t('audit.detail.allowedBy', lang, { staff: n.staff(e.ticket.allowedBy) }),
      );
    case 'ticket_called':
      return join(
        n.ticket(e.ticketId),
        n.window(e.windowId),
        n.staff(e.staffCode),
        n.service(e.serviceId),
        t(`call_reason.${e.reason}`, lang),
        e.passedOver !== undefined &&
          e.passedOver.length > 0 &&
          t('audit.detail.passedOver', lang, {
            list: listText(
              e.passedOver.map((p) => `${p.number}（${t(`audit.pass_over.${p.reason}`, lang)}）`),
              lang,
            ),
          }),
      );
    case 'ticket_recalled':
      return join(
        n.ticket(e.ticketId),
        n.window(e.windowId),
        t('audit.detail.recall', lang, { n: e.recallCount }),
      );
    case 'service_started':
      return join(n.ticket(e.ticketId), n.window(e.windowId), n.service(e.serviceId));
    case 'service_finished':
      return join(
        n.ticket(e.ticketId),
        n.window(e.windowId),
        n.service(e.serviceId),
        e.done
          ? t('audit.detail.finished', lang)
          : t('audit.detail.next', lang, {
              services: listText(e.nextQueueServiceIds.map(n.service), lang),
            }),
      );
    case 'ticket_no_show':
      return join(n.ticket(e.ticketId), n.window(e.windowId), t(`audit.no_show.${e.reason}`, lang));
    case 'ticket_requeued':
      return join(n.ticket(e.ticketId), n.window(e.windowId), t(`audit.requeue.${e.reason}`, lang));
    case 'ticket_transferred': {
      const to = [e.toServiceId === null ? null : n.service(e.toServiceId)];
      if (e.toWindowId !== null) to.push(n.window(e.toWindowId));
      const target = to.filter((x): x is string => x !== null).join(SEP);
      return join(
        n.ticket(e.ticketId),
        n.window(e.windowId),
        n.service(e.fromServiceId),
        target !== '' && t('audit.detail.transfer', lang, { to: target }),
        note(e.note),
      );
    }
    case 'ticket_parked':
      return join(
        n.ticket(e.ticketId),
        n.window(e.windowId),
        e.until !== null && t('audit.detail.until', lang, { time: timeIn(e.until, tz).slice(11) }),
        note(e.note),
      );
    case 'ticket_unparked':
    case 'remote_confirmed':
    case 'remote_at_head':
      return n.ticket(e.ticketId);
    case 'ticket_expired':
      return join(n.ticket(e.ticketId), t(`audit.expiry.${e.reason}`, lang));
    case 'ticket_cancelled':
      return join(n.ticket(e.ticketId), t(`audit.cancelled_by.${e.by}`, lang));
    case 'window_opened':
      return join(n.window(e.windowId), n.staff(e.staffCode));
    case 'window_paused':
      return join(n.window(e.windowId), t(`pause_reason.${e.reason}`, lang));
    case 'window_resumed':
    case 'window_closed':
      return n.window(e.windowId);
    case 'rating_recorded': {
      const r = e.rating;
      return join(
        n.ticket(e.ticketId),
        n.window(r.windowId),
        r.staffCode !== null && n.staff(r.staffCode),
        r.score === null ? t('audit.detail.notRated', lang) : t(`rating.${r.score}`, lang),
        listText(
          r.reasons.map((x) => ratingReasonText(x, lang)),
          lang,
        ),
      );
    }
    case 'complaint_opened': {
      const c = e.complaint;
      return join(
        n.ticket(c.ticketId),
        n.window(c.windowId),
        c.staffCode !== null && n.staff(c.staffCode),
        n.service(c.serviceId),
        t(`rating.${c.score}`, lang),
        listText(
          c.reasons.map((x) => ratingReasonText(x, lang)),
          lang,
        ),
      );
    }
    case 'complaint_entered': {
      const c = e.complaint;
      return join(
        n.ticket(c.id),
        c.ticketId !== null && n.ticket(c.ticketId),
        c.windowId !== null && n.window(c.windowId),
        c.staffCode !== null && n.staff(c.staffCode),
        c.serviceId !== null && n.service(c.serviceId),
      );
    }
    case 'complaint_followed_up':
      return join(n.ticket(e.complaintId), t(`audit.follow_up.${e.action}`, lang));
    case 'config_changed':
      return t('audit.detail.configSize', lang, {
        services: e.config.services.length,
        windows: e.config.windows.length,
      });
    case 'device_renamed':
      return join(
        `${t(`device_kind.${e.kind}`, lang)} ${e.deviceId.slice(0, 8)} → ${e.name}`,
        e.windowId !== null && n.window(e.windowId),
      );
    case 'device_unpaired':
      return join(
        `${t(`device_kind.${e.kind}`, lang)} ${e.deviceId.slice(0, 8)}`,
        e.windowId !== null && n.window(e.windowId),
      );
    case 'staff_pin_reset':
      return n.staff(e.staffCode);
    case 'assist_requested':
      return join(n.ticket(e.request.id), e.request.kioskName);
    case 'assist_answered':
      return join(n.ticket(e.requestId), n.staff(e.staffCode));
    case 'assist_closed':
      return join(
        n.ticket(e.requestId),
        n.staff(e.staffCode),
        t(`assist.closeReason.${e.reason}`, lang),
      );
    case 'staff_unlocked':
      return join(
        n.staff(e.staffCode),
        t('audit.detail.lockedAddresses', lang, { n: e.lockedAddresses }),
      );
    case 'instruction_received':
      return join(e.instructionId, e.complaintId !== null && n.ticket(e.complaintId));
    case 'instruction_answered':
      return join(e.instructionId, n.staff(e.staffCode), e.answer);
    case 'platform_upload_resent':
      return join(`#${e.recordId}`, e.ratingId, e.reason);
    case 'booking_changed':
      return join(
        t(`book.change.${e.change}`, lang),
        e.code,
        n.service(e.serviceId),
        e.fromSlotAt === null ? '' : `${timeIn(e.fromSlotAt, tz)} →`,
        timeIn(e.slotAt, tz),
      );
    case 'outbox_resent':
      return join(`#${e.messageId}`, t(`outbox.source.${e.source}`, lang), e.reason);
    case 'rating_followed_up':
      return join(
        n.ticket(e.ticketId),
        n.window(e.windowId),
        e.staffCode === null ? '' : n.staff(e.staffCode),
        e.score === null ? '' : t(`rating.${e.score}`, lang),
        e.text,
      );
  }
}

/** The event as the hub keeps it, for an investigator and the exported file. */
export function rawDetails(e: SequencedEvent): string {
  const rest: Record<string, unknown> = { ...e };
  delete rest.type;
  delete rest.at;
  delete rest.seq;
  return JSON.stringify(rest);
}
