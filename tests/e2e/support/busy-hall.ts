import type { HallConfig, I18nText } from '@onestop/shared';
import { DEMO_HALL } from '@onestop/hub';
import type { HubTestHall } from '../../support/hall.js';

/**
 * A busy morning in a test hall, as the screens met it: four windows open, a few visitors served
 * (so the estimates come from real service times) and one being served at each, and 130 numbers
 * waiting across the services.
 */
export async function busyMorning(hall: HubTestHall, waiting = 130): Promise<void> {
  const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
  const services = hall.hub.config.services.filter((s) => s.enabled && s.dailyQuota === null);
  const windows: [string, string][] = [
    ['w1', 'C01'],
    ['w4', 'C04'],
    ['w6', 'C06'],
    ['w10', 'C10'],
  ];
  const open = await Promise.all(windows.map(([w, staff]) => hall.openWindow(w, staff)));
  const issue = async (serviceId: string) => {
    const issued = await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: [serviceId] }],
      class: 'normal',
    });
    if (!issued.ok) throw new Error(`issue ${serviceId}: ${issued.error.code}`);
  };
  // Two served at each open window, then one in service there.
  for (const id of ['biz-open', 'social', 'hukou', 'tax']) {
    for (let i = 0; i < 3; i++) await issue(id);
  }
  for (const window of open) {
    for (let i = 0; i < 3; i++) {
      const called = await window.command('call_next', {});
      if (!called.ok) throw new Error(`call_next: ${called.error.code}`);
      const started = await window.command('start_serving', {});
      if (!started.ok) throw new Error(`start_serving: ${started.error.code}`);
      if (i < 2) {
        const finished = await window.command('finish', {});
        if (!finished.ok) throw new Error(`finish: ${finished.error.code}`);
      }
    }
  }
  for (let i = 0; i < waiting; i++) await issue(services[i % services.length]?.id ?? 'biz-open');
}

/** A name of exactly `length` characters (the configuration's limit is 100), from `base`. */
export function longest(base: string, length = 100): string {
  // Words are spaced, Chinese is not.
  const latin = /^[\x20-\x7e]+$/.test(base);
  let text = base;
  while (text.length < length) text += latin ? ` ${base}` : base;
  return text
    .slice(0, length)
    .trimEnd()
    .padEnd(length, latin ? 's' : '办');
}

const longText = (name: I18nText): I18nText => ({
  zh: longest(name.zh),
  en: longest(name.en),
});

/** The demo hall with every department, service and visit name as long as the configuration allows. */
export const LONGEST_NAMES_HALL: HallConfig = {
  ...DEMO_HALL,
  departments: DEMO_HALL.departments.map((d) => ({ ...d, name: longText(d.name) })),
  services: DEMO_HALL.services.map((s) => ({ ...s, name: longText(s.name) })),
  combinedVisits: (DEMO_HALL.combinedVisits ?? []).map((v) => ({
    ...v,
    name: longText(v.name),
    description: v.description ? longText(v.description) : null,
  })),
};

/** The demo hall with one longer service name, as halls name their services. */
export const ONE_LONG_SERVICE_HALL: HallConfig = {
  ...DEMO_HALL,
  services: DEMO_HALL.services.map((s) =>
    s.id === 'social'
      ? {
          ...s,
          name: {
            zh: '社会保险参保登记、缴费基数申报及个人权益记录查询打印',
            en: 'Social insurance enrolment, contribution base declaration and personal record printing',
          },
        }
      : s,
  ),
};
