import { ADMIN_TEXTS } from './admin.js';
import { AUDIT_TEXTS } from './audit.js';
import { BOOKING_TEXTS } from './booking.js';
import { CASE_ALERT_TEXTS } from './case-alerts.js';
import { CODE_TEXTS } from './codes.js';
import { CONSOLE_BOOK_TEXTS } from './console-book.js';
import { DISPLAY_TEXTS } from './display.js';
import { EDGE_TEXTS } from './edge.js';
import { ELDER_TEXTS } from './elder.js';
import { HUB_TEXTS } from './hub.js';
import { IDCARD_TEXTS } from './idcard.js';
import { KIOSK_TEXTS } from './kiosk.js';
import { KIOSK_STAFF_TEXTS } from './kiosk-staff.js';
import { NOTIFY_INVITE_TEXTS } from './notify-invite.js';
import { NOTIFY_TEXTS } from './notify.js';
import { PAD_TEXTS } from './pad.js';
import { PAIR_TEXTS } from './pair.js';
import { PLATFORM_UPLOAD_TEXTS } from './platform-upload.js';
import { PUBLIC_SUNSHINE_TEXTS } from './public-sunshine.js';
import { RATING_TAG_TEXTS, RATINGS_TEXTS } from './ratings.js';
import { REFUSAL_TEXTS } from './refusals.js';
import { REMOTE_KIOSK_TEXTS } from './remote-kiosk.js';
import { REPORT_FIGURE_TEXTS } from './report-figures.js';
import { REGION_PUBLIC_TEXTS } from './region-public.js';
import { REGION_REPORT_TEXTS } from './region-reports.js';
import { REGION_TEXTS } from './region.js';
import { REMOTE_PAGE_TEXTS } from './remote-page.js';
import { TERMINAL_TEXTS } from './terminal.js';
import { TICKET_TEXTS } from './ticket.js';
import { VISITOR_CONFIG_TEXTS } from './visitor-config.js';
import { VISITOR_DESK_TEXTS } from './visitor-desk.js';

export type { CodeKey } from './codes.js';

/**
 * Every text the hall shows, in one table: Chinese and English side by side under each key.
 * The sections (in their own files for reading) are the codes of the hall and each screen's own
 * words; their keys are prefixed so that none collides.
 */
export const TEXTS = {
  ...CODE_TEXTS,
  ...REFUSAL_TEXTS,
  ...ADMIN_TEXTS,
  ...AUDIT_TEXTS,
  ...KIOSK_TEXTS,
  ...PAIR_TEXTS,
  ...NOTIFY_TEXTS,
  ...NOTIFY_INVITE_TEXTS,
  ...CASE_ALERT_TEXTS,
  ...TICKET_TEXTS,
  ...DISPLAY_TEXTS,
  ...TERMINAL_TEXTS,
  ...HUB_TEXTS,
  ...RATINGS_TEXTS,
  ...RATING_TAG_TEXTS,
  ...REGION_PUBLIC_TEXTS,
  ...PUBLIC_SUNSHINE_TEXTS,
  ...ELDER_TEXTS,
  ...REGION_TEXTS,
  ...REGION_REPORT_TEXTS,
  ...IDCARD_TEXTS,
  ...PLATFORM_UPLOAD_TEXTS,
  ...BOOKING_TEXTS,
  ...PAD_TEXTS,
  ...VISITOR_DESK_TEXTS,
  ...REMOTE_KIOSK_TEXTS,
  ...EDGE_TEXTS,
  ...REPORT_FIGURE_TEXTS,
  ...REMOTE_PAGE_TEXTS,
  ...KIOSK_STAFF_TEXTS,
  ...CONSOLE_BOOK_TEXTS,
  ...VISITOR_CONFIG_TEXTS,
};

export type TextKey = keyof typeof TEXTS;
