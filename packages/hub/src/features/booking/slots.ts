import {
  businessDayOf,
  hallInstant,
  isHoliday,
  minuteOfDayOf,
  type BookingSlot,
  type HallConfig,
  type Weekday,
} from '@onestop/shared';

/*
 * The slots a visitor may book online (docs/VISITORS.md, "Booking online"): from tomorrow to
 * `daysAhead` days on, each service that has a capacity, each opening of its hours cut into
 * slots of `slotMinutes` (a slot that would end after the closing time is not offered). A holiday
 * of the hall's calendar has no slot; on an extra workday (调休) the weekday hours apply.
 */

const DAY_MS = 86_400_000;

/** The day `n` days after `day` (`YYYY-MM-DD`). */
function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function weekdayOf(day: string): Weekday {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return (d === 0 ? 7 : d) as Weekday;
}

/** The bookable days after today, holidays left out. */
export function bookableDays(config: HallConfig, now: number): string[] {
  const booking = config.hall.booking;
  if (booking === undefined) return [];
  const today = businessDayOf(now, config.hall.timezone);
  const days: string[] = [];
  for (let n = 1; n <= booking.daysAhead; n += 1) {
    const day = addDays(today, n);
    if (!isHoliday(day, config.hall)) days.push(day);
  }
  return days;
}

/** The starts of one service's slots on one day. */
export function slotStarts(config: HallConfig, serviceId: string, day: string): number[] {
  const booking = config.hall.booking;
  const service = config.services.find((s) => s.id === serviceId);
  if (booking === undefined || service === undefined || !service.enabled) return [];
  if (booking.capacity[serviceId] === undefined || isHoliday(day, config.hall)) return [];
  const weekday = weekdayOf(day);
  const extra = config.hall.extraWorkdays.includes(day);
  const starts = new Set<number>();
  for (const rule of service.hours) {
    const applies = rule.days.includes(weekday) || (extra && rule.days.some((d) => d <= 5));
    if (!applies) continue;
    const close = minuteOfDayOf(rule.close);
    for (
      let m = minuteOfDayOf(rule.open);
      m + booking.slotMinutes <= close;
      m += booking.slotMinutes
    ) {
      starts.add(hallInstant(day, m, config.hall.timezone));
    }
  }
  return [...starts].sort((a, b) => a - b);
}

/** Whether `slotAt` is an open slot of the service now (a bookable day, a slot's start). */
export function isOpenSlot(
  config: HallConfig,
  serviceId: string,
  slotAt: number,
  now: number,
): boolean {
  const day = businessDayOf(slotAt, config.hall.timezone);
  return (
    bookableDays(config, now).includes(day) && slotStarts(config, serviceId, day).includes(slotAt)
  );
}

/**
 * Every open slot with the places left, given the places `taken` per service and slot (booked
 * or checked in, by staff or online: the hall's one book).
 */
export function openSlots(
  config: HallConfig,
  now: number,
  taken: (serviceId: string, slotAt: number) => number,
): BookingSlot[] {
  const booking = config.hall.booking;
  if (booking === undefined) return [];
  const slots: BookingSlot[] = [];
  for (const day of bookableDays(config, now)) {
    for (const service of config.services) {
      const capacity = booking.capacity[service.id];
      if (capacity === undefined) continue;
      for (const at of slotStarts(config, service.id, day)) {
        slots.push({
          serviceId: service.id,
          at,
          remaining: Math.max(0, capacity - taken(service.id, at)),
        });
      }
    }
  }
  return slots;
}
