import type { Command } from '../domain/commands.js';
import type { DomainEvent } from '../domain/events.js';
import type {
  CallPolicy,
  HallConfig,
  ItineraryStep,
  Millis,
  Ticket,
  TicketClass,
  Weekday,
} from '../domain/types.js';
import { apply, initialState } from './apply.js';
import { decide } from './decide.js';
import type { HallState } from './state.js';

/**
 * A small hall for tests (any package's): two departments, four services (A always open,
 * B with a daily quota of 3, C with office hours only, D always open), four windows with tiered
 * weights, four clerks, in Asia/Shanghai. Not used by the engine itself.
 */

export const TEST_TIMEZONE = 'Asia/Shanghai';

/** A Monday. */
export const MONDAY = '2025-03-03';

const EVERY_DAY: Weekday[] = [1, 2, 3, 4, 5, 6, 7];
const WORKDAYS: Weekday[] = [1, 2, 3, 4, 5];

export const TEST_POLICY: CallPolicy = {
  priorityRatio: 2,
  maxWaitMinutes: 30,
  recallLimit: 2,
  appointmentGraceMinutes: 10,
  complaintDeadlineDays: 5,
  callbackDeadlineDays: 1,
};

/** A fresh copy each time, so a test may change it freely. */
export function testHall(policy: Partial<CallPolicy> = {}): HallConfig {
  const text = (zh: string, en: string) => ({ zh, en });
  return {
    hall: {
      name: text('测试政务服务中心', 'Test Government Service Center'),
      timezone: TEST_TIMEZONE,
      languages: ['zh', 'en'],
      policy: { ...TEST_POLICY, ...policy },
      notice: text('请保管好您的号票', 'Please keep your ticket'),
      holidays: [],
      extraWorkdays: [],
    },
    departments: [
      { id: 'civil', name: text('民政', 'Civil Affairs') },
      { id: 'tax', name: text('税务', 'Taxation') },
    ],
    services: [
      {
        id: 'marriage',
        departmentId: 'civil',
        prefix: 'A',
        name: text('婚姻登记', 'Marriage registration'),
        dailyQuota: null,
        hours: [{ days: EVERY_DAY, open: '00:00', close: '24:00' }],
        defaultMinutes: 10,
        enabled: true,
      },
      {
        id: 'residence',
        departmentId: 'civil',
        prefix: 'B',
        name: text('户籍证明', 'Residence certificate'),
        dailyQuota: 3,
        hours: [{ days: EVERY_DAY, open: '00:00', close: '24:00' }],
        defaultMinutes: 5,
        enabled: true,
      },
      {
        id: 'invoice',
        departmentId: 'tax',
        prefix: 'C',
        name: text('发票领用', 'Invoices'),
        dailyQuota: null,
        hours: [
          { days: WORKDAYS, open: '09:00', close: '12:00' },
          { days: WORKDAYS, open: '13:30', close: '17:00' },
        ],
        defaultMinutes: 8,
        enabled: true,
      },
      {
        id: 'tax',
        departmentId: 'tax',
        prefix: 'D',
        name: text('纳税申报', 'Tax returns'),
        dailyQuota: null,
        hours: [{ days: EVERY_DAY, open: '00:00', close: '24:00' }],
        defaultMinutes: 15,
        enabled: true,
      },
    ],
    windows: [
      {
        id: 'w1',
        number: 1,
        name: text('1号窗口', 'Window 1'),
        services: [
          { serviceId: 'marriage', weight: 2 },
          { serviceId: 'residence', weight: 2 },
          { serviceId: 'tax', weight: 1 },
        ],
      },
      {
        id: 'w2',
        number: 2,
        name: text('2号窗口', 'Window 2'),
        services: [
          { serviceId: 'residence', weight: 2 },
          { serviceId: 'marriage', weight: 1 },
        ],
      },
      {
        id: 'w3',
        number: 3,
        name: text('3号窗口', 'Window 3'),
        services: [
          { serviceId: 'invoice', weight: 2 },
          { serviceId: 'tax', weight: 2 },
          { serviceId: 'marriage', weight: 1 },
        ],
      },
      {
        id: 'w4',
        number: 4,
        name: text('4号窗口', 'Window 4'),
        services: [
          { serviceId: 'tax', weight: 2 },
          { serviceId: 'invoice', weight: 1 },
        ],
      },
    ],
    staff: [
      { code: '1001', name: '王芳', role: 'clerk', active: true },
      { code: '1002', name: '李强', role: 'clerk', active: true },
      { code: '1003', name: '张伟', role: 'clerk', active: true },
      { code: '1004', name: '刘洋', role: 'supervisor', active: true },
    ],
  };
}

/** The instant a Shanghai wall clock (UTC+8 all year) shows `time` on `date`. */
export function shanghai(date: string, time = '00:00'): Millis {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const [hh = 0, mm = 0] = time.split(':').map(Number);
  return Date.UTC(y, m - 1, d, hh - 8, mm);
}

export const MINUTE = 60_000;

/**
 * Runs commands against a state as the hub does: decide, then apply each event. The clock only
 * moves when a test moves it.
 */
export class EngineTestHall {
  state: HallState;
  now: Millis;
  readonly log: DomainEvent[] = [];

  constructor(config: HallConfig = testHall(), now: Millis = shanghai(MONDAY, '09:00')) {
    this.state = initialState(config);
    this.now = now;
  }

  /** A hall with MONDAY open at 09:00. */
  static open(config: HallConfig = testHall(), now?: Millis): EngineTestHall {
    const hall = new EngineTestHall(config, now);
    hall.run({ type: 'open_day', businessDay: MONDAY });
    return hall;
  }

  advance(ms: Millis): this {
    this.now += ms;
    return this;
  }

  /** Decides and applies; throws with the error code when the command is refused. */
  run(command: Command): DomainEvent[] {
    const decision = decide(this.state, command, this.now);
    if (!decision.ok) {
      throw new Error(`${command.type} refused: ${decision.error.code} (${decision.error.detail})`);
    }
    for (const event of decision.events) this.state = apply(this.state, event);
    this.log.push(...decision.events);
    return decision.events;
  }

  issue(
    itinerary: string | string[] | string[][],
    ticketClass: TicketClass = 'normal',
    slotAt: Millis | null = null,
  ): Ticket {
    const steps: ItineraryStep[] =
      typeof itinerary === 'string'
        ? [{ serviceIds: [itinerary] }]
        : itinerary.map((step) => ({ serviceIds: typeof step === 'string' ? [step] : step }));
    const events = this.run({
      type: 'issue_ticket',
      itinerary: steps,
      class: ticketClass,
      appointment: slotAt === null ? null : { code: `APT${this.state.issuedCount}`, slotAt },
      accessToken: `token-${this.state.issuedCount}`,
    });
    const issued = events.find((e) => e.type === 'ticket_issued');
    if (issued?.type !== 'ticket_issued') throw new Error('no ticket_issued event');
    return this.ticket(issued.ticket.id);
  }

  /** 远程取号: a number taken from the phone for `serviceId`, not yet confirmed at a kiosk. */
  issueRemote(serviceId: string): Ticket {
    const events = this.run({
      type: 'issue_ticket',
      itinerary: [{ serviceIds: [serviceId] }],
      class: 'normal',
      appointment: null,
      accessToken: `token-${this.state.issuedCount}`,
      remote: true,
    });
    const issued = events.find((e) => e.type === 'ticket_issued');
    if (issued?.type !== 'ticket_issued') throw new Error('no ticket_issued event');
    return this.ticket(issued.ticket.id);
  }

  /** Opens a window with the clerk of the same index (w1 with 1001, ...). */
  openWindow(windowId: string, staffCode?: string): void {
    const index = this.state.config.windows.findIndex((w) => w.id === windowId);
    const code = staffCode ?? this.state.config.staff[index]?.code ?? 'none';
    this.run({ type: 'open_window', windowId, staffCode: code });
  }

  ticket(id: string): Ticket {
    const ticket = this.state.tickets.get(id);
    if (ticket === undefined) throw new Error(`no ticket ${id}`);
    return ticket;
  }

  /** Calls the next ticket at the window and returns its id. */
  callNext(windowId: string): string {
    const events = this.run({ type: 'call_next', windowId });
    const called = events.find((e) => e.type === 'ticket_called');
    if (called?.type !== 'ticket_called') throw new Error('no ticket_called event');
    return called.ticketId;
  }

  /** Calls, serves and finishes the next ticket at the window; returns its id. */
  serveNext(windowId: string, serviceMs: Millis = 5 * MINUTE): string {
    const id = this.callNext(windowId);
    this.run({ type: 'start_serving', windowId });
    this.advance(serviceMs);
    this.run({ type: 'finish', windowId });
    return id;
  }
}
