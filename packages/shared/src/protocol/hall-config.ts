import { REASONS, reasonParams, refusalIssues, type RefusalIssue } from './issues.js';
import { z } from 'zod';
import { SERVICE_GUIDE_MATERIALS_MAX, type HallConfig } from '../domain/types.js';
import { ID_LIMITS, WITHOUT_ID_CARD } from '../idcard/person.js';
import { isValidTimezone } from '../engine/time.js';
import { NotifySettingsSchema } from './notify.js';
import { PlatformUploadSettingsSchema } from './platform-upload.js';
import { HallBookingSchema } from './booking.js';
import { HallRemoteSchema } from './remote.js';
import { HallPublicStatusSchema } from '../region/public-status.js';
import { plainText } from './plain-text.js';
import { safeParseInput } from './safe-parse.js';

/**
 * The hall's configuration as a file (`hall.json`) or an admin change presents it.
 * Parsed from `unknown`; every wrong field is named by its path.
 */

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, REASONS.id_format);
/** A name on one line: no control, line-break or invisible characters (plain-text.ts). */
const text = (max: number) => plainText(z.string().trim().min(1).max(max));
/** Text that may be empty, such as the notice: the same characters refused. */
const optionalText = (max: number) => plainText(z.string().trim().max(max));
const i18nText = z.object({ zh: text(100), en: text(100) }).strict();
/** A rating tag (评价标签): its id, name, and the levels (1–5) it is offered with. */
const ratingTag = z
  .object({
    id,
    name: i18nText,
    scores: z
      .array(z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]))
      .min(1)
      .max(5)
      .refine((l) => new Set(l).size === l.length, 'each level once'),
  })
  .strict();
/** At most this many rating tags per hall: a pad shows a level's tags on one screen. */
export const RATING_TAGS_MAX = 30;
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, REASONS.time_format);

const hoursRule = z
  .object({
    days: z
      .array(
        z.union([
          z.literal(1),
          z.literal(2),
          z.literal(3),
          z.literal(4),
          z.literal(5),
          z.literal(6),
          z.literal(7),
        ]),
      )
      .min(1)
      .max(7),
    open: clock,
    close: clock,
  })
  .strict()
  .refine((r) => r.open < r.close, { message: REASONS.open_before_close, path: ['close'] });

export const CallPolicySchema = z
  .object({
    priorityRatio: z.number().int().min(0).max(100),
    maxWaitMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    recallLimit: z.number().int().min(0).max(10),
    appointmentGraceMinutes: z.number().int().min(0).max(240),
    complaintDeadlineDays: z.number().int().min(1).max(365),
    callbackDeadlineDays: z.number().int().min(1).max(30).default(1),
    followUpDays: z.number().int().min(1).max(90).optional(),
  })
  .strict();

/** 追评: days after a rating for its one follow-up, when the policy names none. */
export const DEFAULT_FOLLOW_UP_DAYS = 15;

export const DEFAULT_POLICY = {
  priorityRatio: 2,
  maxWaitMinutes: 60,
  recallLimit: 2,
  appointmentGraceMinutes: 15,
  complaintDeadlineDays: 15,
  callbackDeadlineDays: 1,
} as const;

function realDate(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

const businessDays = z
  .array(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, REASONS.date_format)
      .refine(realDate, REASONS.real_date),
  )
  .max(366)
  .refine((l) => new Set(l).size === l.length, REASONS.date_twice);

const hall = z
  .object({
    name: i18nText,
    timezone: z.string().refine(isValidTimezone, REASONS.timezone_name),
    languages: z
      .array(z.enum(['zh', 'en']))
      .min(1)
      .max(2)
      .refine((l) => new Set(l).size === l.length, 'each language once'),
    policy: CallPolicySchema.default(DEFAULT_POLICY),
    notice: z
      .object({ zh: plainText(z.string().max(200)), en: plainText(z.string().max(200)) })
      .strict()
      .default({ zh: '', en: '' }),
    holidays: businessDays.default([]),
    extraWorkdays: businessDays.default([]),
    withholdComplaintTexts: z.boolean().optional(),
    idLimit: z.enum(ID_LIMITS).optional(),
    withoutIdCard: z.enum(WITHOUT_ID_CARD).optional(),
    sunshine: z.boolean().optional(),
    booking: HallBookingSchema.optional(),
    remote: HallRemoteSchema.optional(),
    publicStatus: HallPublicStatusSchema.optional(),
  })
  .strict()
  .superRefine((h, ctx) => {
    const holidays = new Set(h.holidays);
    h.extraWorkdays.forEach((day, i) => {
      if (holidays.has(day)) {
        ctx.addIssue({
          code: 'custom',
          path: ['extraWorkdays', i],
          message: `${day} is also a holiday`,
          params: reasonParams('also_holiday', { day }),
        });
      } else if (![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay())) {
        ctx.addIssue({
          code: 'custom',
          path: ['extraWorkdays', i],
          message: `${day} is not a Saturday or a Sunday`,
          params: reasonParams('not_weekend', { day }),
        });
      }
    });
  });

const department = z.object({ id, name: i18nText }).strict();

const service = z
  .object({
    id,
    departmentId: id,
    prefix: z.string().regex(/^[A-Z]{1,2}$/, REASONS.prefix_format),
    name: i18nText,
    dailyQuota: z.number().int().min(1).max(100_000).nullable().default(null),
    hours: z.array(hoursRule).max(14),
    defaultMinutes: z.number().int().min(1).max(480),
    enabled: z.boolean().default(true),
    /** 事项编码: the matter's code in the province's catalogue. */
    matterCode: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, REASONS.id_format)
      .optional(),
    /** 办件编号's format (a regular expression the whole number must match); absent: any. */
    caseNumberPattern: z
      .string()
      .min(1)
      .max(200)
      .refine(compiles, { message: 'not a regular expression' })
      .optional(),
    guide: z
      .object({
        materials: z.array(i18nText).max(SERVICE_GUIDE_MATERIALS_MAX),
        fee: i18nText.nullable(),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

const windowSchema = z
  .object({
    id,
    number: z.number().int().min(1).max(9999),
    name: i18nText,
    services: z
      .array(z.object({ serviceId: id, weight: z.number().int().min(1).max(100) }).strict())
      .min(1)
      .max(50),
  })
  .strict();

/** 一件事一次办: one number for a matter that needs several services, step by step. */
export const COMBINED_VISIT_LIMITS = { steps: 6, servicesPerStep: 6, perHall: 50 } as const;

const combinedVisit = z
  .object({
    id,
    /** The department whose screen also offers it; null: only the home screen's group. */
    departmentId: id.nullable().default(null),
    name: i18nText,
    description: z
      .object({ zh: optionalText(200), en: optionalText(200) })
      .strict()
      .nullable()
      .default(null),
    steps: z
      .array(
        z
          .object({
            serviceIds: z.array(id).min(1).max(COMBINED_VISIT_LIMITS.servicesPerStep),
          })
          .strict(),
      )
      .min(1)
      .max(COMBINED_VISIT_LIMITS.steps),
  })
  .strict();

const staffCode = z.string().regex(/^[A-Za-z0-9]{2,16}$/, REASONS.staff_code_format);
const staff = z
  .object({
    code: staffCode,
    name: text(50),
    role: z.enum(['clerk', 'supervisor', 'admin']),
    active: z.boolean().default(true),
  })
  .strict();

function crossCheck(c: HallConfig, ctx: z.RefinementCtx, file = false): void {
  const unique = <T>(items: T[], key: (t: T) => string | number, path: string, field: string) => {
    const seen = new Set<string | number>();
    items.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) {
        ctx.addIssue({
          code: 'custom',
          path: [path, i, field],
          message: `duplicate ${field} "${k}"`,
          params: reasonParams('duplicate', { value: k }),
        });
      }
      seen.add(k);
    });
  };
  unique(c.departments, (d) => d.id, 'departments', 'id');
  unique(c.services, (s) => s.id, 'services', 'id');
  unique(c.services, (s) => s.prefix, 'services', 'prefix');
  unique(c.windows, (w) => w.id, 'windows', 'id');
  unique(c.windows, (w) => w.number, 'windows', 'number');
  unique(c.staff, (s) => s.code, 'staff', 'code');
  unique(c.ratingTags ?? [], (x) => x.id, 'ratingTags', 'id');
  const departments = new Set(c.departments.map((d) => d.id));
  const services = new Set(c.services.map((s) => s.id));
  c.services.forEach((s, i) => {
    if (!departments.has(s.departmentId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['services', i, 'departmentId'],
        message: `no department "${s.departmentId}"`,
        params: reasonParams('no_department', { id: s.departmentId }),
      });
    }
  });
  c.windows.forEach((w, i) => {
    w.services.forEach((ws, j) => {
      if (!services.has(ws.serviceId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['windows', i, 'services', j, 'serviceId'],
          message: `no service "${ws.serviceId}"`,
          params: reasonParams('no_service', { id: ws.serviceId }),
        });
      }
    });
    unique(w.services, (ws) => ws.serviceId, `windows.${i}.services`, 'serviceId');
  });
  // Online booking's capacity names the hall's services (docs/VISITORS.md, "Booking online").
  for (const serviceId of Object.keys(c.hall.booking?.capacity ?? {})) {
    if (!services.has(serviceId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['hall', 'booking', 'capacity', serviceId],
        message: `no service "${serviceId}"`,
        params: reasonParams('no_service', { id: serviceId }),
      });
    }
  }
  // Remote numbers name the hall's services (docs/VISITORS.md, "Numbers from the phone").
  (c.hall.remote?.serviceIds ?? []).forEach((serviceId, i) => {
    if (!services.has(serviceId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['hall', 'remote', 'serviceIds', i],
        message: `no service "${serviceId}"`,
        params: reasonParams('no_service', { id: serviceId }),
      });
    }
  });
  checkCombinedVisits(c, departments, ctx, file);
}

/**
 * A combined visit names existing services, each once, and its department if any. A hall file
 * (`file`) may not name a disabled service in a visit; the live configuration may, so that a
 * service can be suspended for a while without undoing the visits that take it (the kiosk then
 * shows them as not available). A visit put by the console is checked like a file's
 * (`disabledServiceIssues`).
 */
function checkCombinedVisits(
  c: HallConfig,
  departments: Set<string>,
  ctx: z.RefinementCtx,
  file: boolean,
): void {
  const visits = c.combinedVisits ?? [];
  const services = new Map(c.services.map((s) => [s.id, s]));
  const ids = new Set<string>();
  visits.forEach((v, i) => {
    if (ids.has(v.id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['combinedVisits', i, 'id'],
        message: `duplicate id "${v.id}"`,
        params: reasonParams('duplicate', { value: v.id }),
      });
    }
    ids.add(v.id);
    if (v.departmentId !== null && !departments.has(v.departmentId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['combinedVisits', i, 'departmentId'],
        message: `no department "${v.departmentId}"`,
        params: reasonParams('no_department', { id: v.departmentId }),
      });
    }
    const seen = new Set<string>();
    v.steps.forEach((step, j) => {
      step.serviceIds.forEach((serviceId, k) => {
        const path = ['combinedVisits', i, 'steps', j, 'serviceIds', k];
        const service = services.get(serviceId);
        if (service === undefined) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `no service "${serviceId}"`,
            params: reasonParams('no_service', { id: serviceId }),
          });
        } else if (file && !service.enabled) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `service "${serviceId}" is disabled`,
            params: reasonParams('service_disabled', { id: serviceId }),
          });
        }
        if (seen.has(serviceId)) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `service "${serviceId}" appears twice in the visit`,
            params: reasonParams('service_twice', { id: serviceId }),
          });
        }
        seen.add(serviceId);
      });
    });
  });
}

export const HallConfigSchema = z
  .object({
    hall,
    departments: z.array(department).min(1).max(100),
    services: z.array(service).min(1).max(500),
    windows: z.array(windowSchema).min(1).max(500),
    staff: z.array(staff).max(5000),
    combinedVisits: z.array(combinedVisit).max(COMBINED_VISIT_LIMITS.perHall).default([]),
    ratingTags: z.array(ratingTag).max(RATING_TAGS_MAX).optional(),
    notify: NotifySettingsSchema.optional(),
    platformUpload: PlatformUploadSettingsSchema.optional(),
  })
  .strict()
  .superRefine(crossCheck);

/** A staff entry in a hall file may carry an initial PIN, which the hub hashes and never stores. */
const fileStaff = staff.extend({
  pin: z
    .string()
    .regex(/^\d{4,12}$/, '4 to 12 digits')
    .optional(),
});

export const HallFileSchema = z
  .object({
    hall,
    departments: z.array(department).min(1).max(100),
    services: z.array(service).min(1).max(500),
    windows: z.array(windowSchema).min(1).max(500),
    staff: z.array(fileStaff).max(5000),
    combinedVisits: z.array(combinedVisit).max(COMBINED_VISIT_LIMITS.perHall).default([]),
    ratingTags: z.array(ratingTag).max(RATING_TAGS_MAX).optional(),
    notify: NotifySettingsSchema.optional(),
    platformUpload: PlatformUploadSettingsSchema.optional(),
  })
  .strict()
  .superRefine((f, ctx) => crossCheck({ ...f, staff: f.staff.map(stripPin) }, ctx, true));

/** `combinedVisits.N.steps.J.serviceIds.K: service "x" is disabled` for each disabled service. */
export function disabledServiceIssues(config: HallConfig, visitId: string): string[] {
  return disabledServiceRefusals(config, visitId).map(
    (issue) => `${issue.path}: service "${issue.params.id}" is disabled`,
  );
}

/** The same, as refusal issues. */
export function disabledServiceRefusals(config: HallConfig, visitId: string): RefusalIssue[] {
  const index = (config.combinedVisits ?? []).findIndex((v) => v.id === visitId);
  const visit = config.combinedVisits?.[index];
  if (visit === undefined) return [];
  const disabled = new Set(config.services.filter((s) => !s.enabled).map((s) => s.id));
  return visit.steps.flatMap((step, j) =>
    step.serviceIds.flatMap((id, k): RefusalIssue[] =>
      disabled.has(id)
        ? [
            {
              path: `combinedVisits.${index}.steps.${j}.serviceIds.${k}`,
              code: 'service_disabled',
              params: { id },
            },
          ]
        : [],
    ),
  );
}

function stripPin(s: z.infer<typeof fileStaff>): HallConfig['staff'][number] {
  return { code: s.code, name: s.name, role: s.role, active: s.active };
}

export type ConfigParseResult =
  { ok: true; config: HallConfig; pins: Map<string, string> } | { ok: false; errors: string[] };

/** `hall.services.2.prefix: one or two capital letters` — one line per wrong field. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return `${path || '(root)'}: ${issue.message}`;
  });
}

/** A configuration refused: each issue in English (for logs and files) and as data (for screens). */
export interface ConfigRefusal {
  ok: false;
  errors: string[];
  issues: RefusalIssue[];
}

export function parseHallConfig(raw: unknown): { ok: true; config: HallConfig } | ConfigRefusal {
  const parsed = safeParseInput(HallConfigSchema, raw);
  return parsed.success
    ? { ok: true, config: parsed.data }
    : { ok: false, errors: formatIssues(parsed.error), issues: refusalIssues(parsed.error) };
}

export function parseHallFile(raw: unknown): ConfigParseResult {
  const parsed = safeParseInput(HallFileSchema, raw);
  if (!parsed.success) return { ok: false, errors: formatIssues(parsed.error) };
  const pins = new Map<string, string>();
  for (const s of parsed.data.staff) if (s.pin !== undefined) pins.set(s.code, s.pin);
  return { ok: true, config: { ...parsed.data, staff: parsed.data.staff.map(stripPin) }, pins };
}
