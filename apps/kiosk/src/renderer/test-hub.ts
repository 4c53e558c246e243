import {
  apply,
  decide,
  DEFAULT_POLICY,
  initialState,
  peopleAhead,
  type Command,
  type ConnectionState,
  type EngineErrorCode,
  type ErrorCode,
  type HallConfig,
  type HallState,
  type ProtocolError,
} from '@onestop/shared';
import type { CommandOutcome } from '@onestop/shared/client';
import type { AssistResult, ConfirmRemoteResult, IssueTicketResult } from '@onestop/shared';
import type {
  CardReadView,
  KioskApi,
  PrinterState,
  PrintableTicket,
  PrintResult,
} from '../shared/api.js';
import type { KioskHub } from './hub.js';

/* A hall for component tests, decided by the real engine; only the socket is left out. */

const ALWAYS = [
  { days: [1, 2, 3, 4, 5, 6, 7] as (1 | 2 | 3 | 4 | 5 | 6 | 7)[], open: '00:00', close: '24:00' },
];

export const TEST_HALL: HallConfig = {
  hall: {
    name: { zh: '测试政务服务中心', en: 'Test Service Center' },
    timezone: 'Asia/Shanghai',
    languages: ['zh', 'en'],
    policy: { ...DEFAULT_POLICY },
    notice: { zh: '请留意叫号', en: 'Listen for your number' },
    holidays: [],
    extraWorkdays: [],
  },
  departments: [
    { id: 'market', name: { zh: '市场监管局', en: 'Market Regulation' } },
    { id: 'tax', name: { zh: '税务局', en: 'Taxation' } },
  ],
  services: [
    {
      id: 'open',
      departmentId: 'market',
      prefix: 'A',
      name: { zh: '企业开办', en: 'Business start-up' },
      dailyQuota: null,
      hours: ALWAYS,
      defaultMinutes: 10,
      enabled: true,
    },
    {
      id: 'change',
      departmentId: 'market',
      prefix: 'B',
      name: { zh: '变更登记', en: 'Business changes' },
      dailyQuota: 1,
      hours: ALWAYS,
      defaultMinutes: 10,
      enabled: true,
    },
    {
      id: 'tax',
      departmentId: 'tax',
      prefix: 'H',
      name: { zh: '税务综合', en: 'Tax services' },
      dailyQuota: null,
      hours: [],
      defaultMinutes: 10,
      enabled: true,
    },
  ],
  windows: [
    {
      id: 'w1',
      number: 1,
      name: { zh: '综合', en: 'General' },
      services: [
        { serviceId: 'open', weight: 1 },
        { serviceId: 'change', weight: 1 },
      ],
    },
  ],
  staff: [{ code: 'C01', name: '窗口员', role: 'clerk', active: true }],
};

export const NOW = Date.UTC(2026, 10, 26, 2, 0); // 10:00 in Shanghai

type Answer = CommandOutcome<IssueTicketResult>;

/** The kiosk's hub, in memory: commands are decided by the engine, or held to be answered later. */
export class TestHub implements KioskHub {
  connection: ConnectionState = 'online';
  state: HallState;
  /** The hall's time, as the hub's clock gives it. */
  time = NOW;
  clockKnown = true;
  readonly issued: {
    class: string;
    serviceIds: string[];
    assistId?: string;
    idCard?: { number: string; name: string };
    staffPin?: { staffCode: string; pin: string };
  }[] = [];
  /** Staff PINs the hub takes at the kiosk (无身份证取号), by staff code. */
  readonly staffPins = new Map<string, string>([['C01', '1357']]);
  /** When set, the next tickets are refused with this (the hub's ID card rules, say). */
  refuseIssue: ProtocolError | null = null;
  readonly reports: unknown[] = [];
  /** When set, issue_ticket waits for the test to call `answer`. */
  hold = false;
  private held: ((answer: Answer) => void) | null = null;
  private connectionListeners = new Set<(c: ConnectionState) => void>();
  private stateListeners = new Set<(s: HallState) => void>();

  constructor(config: HallConfig = TEST_HALL, openDay = true) {
    this.state = initialState(config);
    if (openDay) this.run({ type: 'open_day', businessDay: '2026-11-26' });
  }

  run(command: Command): { ok: true } | { ok: false; code: EngineErrorCode } {
    const decision = decide(this.state, command, NOW);
    if (!decision.ok) return { ok: false, code: decision.error.code };
    for (const event of decision.events) apply(this.state, event);
    for (const l of this.stateListeners) l(this.state);
    return { ok: true };
  }

  /** A normal ticket for `serviceId`, issued before the test as at another kiosk. */
  issueEarlier(serviceId: string, accessToken: string): void {
    this.run({
      type: 'issue_ticket',
      itinerary: [{ serviceIds: [serviceId] }],
      class: 'normal',
      appointment: null,
      accessToken,
    });
  }

  hallNow(): number {
    return this.time;
  }

  setConnection(next: ConnectionState): void {
    this.connection = next;
    for (const l of this.connectionListeners) l(next);
  }

  onConnection(listener: (c: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  onState(listener: (s: HallState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  issueTicket(input: Parameters<KioskHub['issueTicket']>[0]): Promise<Answer> {
    this.issued.push({
      class: input.class,
      serviceIds: input.itinerary.flatMap((s) => s.serviceIds),
      ...(input.assistId ? { assistId: input.assistId } : {}),
      ...(input.idCard ? { idCard: input.idCard } : {}),
      ...(input.staffPin ? { staffPin: input.staffPin } : {}),
    });
    const pin = input.staffPin;
    if (pin !== undefined && this.staffPins.get(pin.staffCode) !== pin.pin) {
      const error = { code: 'login_failed' as const, message: 'wrong staff code or PIN' };
      return Promise.resolve({ ok: false, error });
    }
    if (this.refuseIssue) return Promise.resolve({ ok: false, error: this.refuseIssue });
    // The hub confirms the card's waiting remote number instead of a new one.
    const remote = input.idCard ? this.remoteCards.get(input.idCard.number) : undefined;
    if (remote !== undefined && this.run({ type: 'confirm_remote', ticketId: remote }).ok) {
      const ticket = this.state.tickets.get(remote);
      if (!ticket) throw new Error('the engine lost the ticket');
      return Promise.resolve({
        ok: true,
        result: { ticket: structuredClone(ticket), found: 'remote' },
      });
    }
    if (this.hold) return new Promise((resolve) => (this.held = resolve));
    const before = this.state.issuedCount;
    const outcome = this.run({
      type: 'issue_ticket',
      itinerary: input.itinerary,
      class: input.class,
      appointment: null,
      accessToken: `token-${before}-abcdefghijklmnopqrstuvwxyz`,
      assistId: input.assistId ?? null,
      ...(pin === undefined ? {} : { allowedBy: pin.staffCode }),
    });
    if (!outcome.ok) {
      return Promise.resolve({ ok: false, error: { code: outcome.code, message: outcome.code } });
    }
    const ticket = [...this.state.tickets.values()].find((t) => t.arrivalIndex === before);
    if (!ticket) throw new Error('the engine issued no ticket');
    return Promise.resolve({ ok: true, result: { ticket: structuredClone(ticket) } });
  }

  /** Today's bookings by code, checked in as the hub would (a subset of its refusals). */
  readonly bookings = new Map<
    string,
    {
      serviceId: string;
      slotAt: number;
      phoneLast4: string | null;
      checkedIn: boolean;
      /** An online booking's mobile number, carried to its ticket. */
      phone?: string;
    }
  >();
  readonly checkIns: { code: string; phoneLast4: string | null; phone?: string | null }[] = [];
  /** The mobile number each check-in's ticket got for its messages (null: none), by ticket id. */
  readonly ticketPhones = new Map<string, string | null>();
  /** When set, the next check-ins are refused with this code (too early, too late, ...). */
  refuseCheckIn: ErrorCode | null = null;

  checkIn(input: Parameters<KioskHub['checkIn']>[0]): Promise<Answer> {
    this.checkIns.push(input);
    const refuse = (code: ErrorCode): Promise<Answer> =>
      Promise.resolve({ ok: false, error: { code, message: code } });
    if (this.refuseCheckIn) return refuse(this.refuseCheckIn);
    const booking = this.bookings.get(input.code);
    if (!booking) return refuse('appointment_unknown');
    if (booking.checkedIn) return refuse('appointment_checked_in');
    if (booking.phoneLast4 !== null) {
      if (input.phoneLast4 === null) return refuse('appointment_phone_required');
      if (input.phoneLast4 !== booking.phoneLast4) return refuse('appointment_phone_mismatch');
    }
    const asks = this.state.config.notify?.kioskAsksPhone === true;
    if (booking.phone === undefined && input.phone === undefined && asks) {
      return refuse('appointment_phone_offer');
    }
    const before = this.state.issuedCount;
    const outcome = this.run({
      type: 'issue_ticket',
      itinerary: [{ serviceIds: [booking.serviceId] }],
      class: 'appointment',
      appointment: { code: input.code, slotAt: booking.slotAt },
      accessToken: `token-${before}-abcdefghijklmnopqrstuvwxyz`,
    });
    if (!outcome.ok) return refuse(outcome.code);
    booking.checkedIn = true;
    const ticket = [...this.state.tickets.values()].find((t) => t.arrivalIndex === before);
    if (!ticket) throw new Error('the engine issued no ticket');
    this.ticketPhones.set(ticket.id, input.phone ?? booking.phone ?? null);
    return Promise.resolve({ ok: true, result: { ticket: structuredClone(ticket) } });
  }

  /** 远程取号: today's remote numbers by code (ticket id), by ID number, and codes of other days. */
  readonly remoteCodes = new Map<string, string>();
  readonly remoteCards = new Map<string, string>();
  readonly oldCodes = new Set<string>();
  readonly confirms: unknown[] = [];

  /** A number taken from the phone (as the region would bring it), with its code and ID number. */
  takeRemote(serviceId: string, code: string, idNumber?: string): string {
    const before = this.state.issuedCount;
    this.run({
      type: 'issue_ticket',
      itinerary: [{ serviceIds: [serviceId] }],
      class: 'normal',
      appointment: null,
      accessToken: `token-${before}-abcdefghijklmnopqrstuvwxyz`,
      remote: true,
    });
    const ticket = [...this.state.tickets.values()].find((t) => t.arrivalIndex === before);
    if (!ticket) throw new Error('the engine issued no ticket');
    this.remoteCodes.set(code, ticket.id);
    if (idNumber !== undefined) this.remoteCards.set(idNumber, ticket.id);
    return ticket.id;
  }

  confirmRemote(
    input: Parameters<KioskHub['confirmRemote']>[0],
  ): Promise<CommandOutcome<ConfirmRemoteResult>> {
    this.confirms.push(input);
    const refuse = (code: ErrorCode): Promise<CommandOutcome<ConfirmRemoteResult>> =>
      Promise.resolve({ ok: false, error: { code, message: code } });
    const ticketId =
      'code' in input
        ? this.remoteCodes.get(input.code)
        : this.remoteCards.get(input.idCard.number);
    if (ticketId === undefined) {
      return refuse(
        'code' in input && this.oldCodes.has(input.code) ? 'remote_not_today' : 'remote_unknown',
      );
    }
    const outcome = this.run({ type: 'confirm_remote', ticketId });
    if (!outcome.ok) return refuse(outcome.code);
    const ticket = this.state.tickets.get(ticketId);
    if (!ticket) throw new Error('the engine lost the ticket');
    return Promise.resolve({
      ok: true,
      result: { ticket: structuredClone(ticket), peopleAhead: peopleAhead(this.state, ticketId) },
    });
  }

  /** Answers the held issue_ticket. */
  answer(answer: Answer): void {
    this.held?.(answer);
    this.held = null;
  }

  /** 帮办代办: a call from this kiosk (`kiosk-1`), decided by the engine. */
  requestAssist(): Promise<CommandOutcome<AssistResult>> {
    const outcome = this.run({
      type: 'request_assist',
      kioskId: 'kiosk-1',
      kioskName: '1 号取号机',
    });
    if (!outcome.ok) {
      return Promise.resolve({ ok: false, error: { code: outcome.code, message: outcome.code } });
    }
    const request = [...this.state.assists.values()].find(
      (a) => a.kioskId === 'kiosk-1' && (a.status === 'open' || a.status === 'answered'),
    );
    if (!request) throw new Error('the engine made no call');
    return Promise.resolve({ ok: true, result: { request: structuredClone(request) } });
  }

  reportStatus(
    input: Parameters<KioskHub['reportStatus']>[0],
  ): Promise<CommandOutcome<Record<string, never>>> {
    this.reports.push(input);
    return Promise.resolve({ ok: true, result: {} });
  }
}

/** The hub's address the kiosk's tests give it. */
export const ORIGIN = 'http://hub.test:7800';

/** A printer API that answers as told and records what it printed. */
export class TestPrinterApi implements KioskApi {
  printed: PrintableTicket[] = [];
  /** What the card reader answers next, in order; then no card. */
  cards: CardReadView[] = [];
  readCard(): Promise<CardReadView> {
    return Promise.resolve(this.cards.shift() ?? { kind: 'none' });
  }
  constructor(
    public status: PrinterState = 'ok',
    public result: PrintResult = { ok: true },
  ) {}
  printTicket(ticket: PrintableTicket): Promise<PrintResult> {
    this.printed.push(ticket);
    return Promise.resolve(this.result);
  }
  printerStatus(): Promise<PrinterState> {
    return Promise.resolve(this.status);
  }
  config() {
    return Promise.resolve({
      hubUrl: ORIGIN,
      orientation: 'portrait' as const,
      paperWidthMm: 80 as const,
      stopWhenPrinterFails: false,
    });
  }
}
