import { useCallback, useEffect, useRef, useState } from 'react';
import {
  estimateWait,
  maskName,
  waitKind,
  type ClientErrorCode,
  type ErrorCode,
  type HallState,
  type I18nText,
  type IdCardHolder,
  type Lang,
  type ProtocolError,
  type StaffPin,
  type Ticket,
} from '@onestop/shared';
import type { KioskApi, PrinterState, PrintResult } from '../shared/api.js';
import { deviceStatusOf } from '../shared/printer-status.js';
import { hallLang, hallLangs, otherLang } from '@onestop/app-common';
import type { CheckInAnswer } from './screens/CheckIn.js';
import type { Found, Issued, PrintPhase } from './screens/ResultScreen.js';
import { stepNames, waitOf } from './screens/tiles.js';
import { guideOf } from './elder/GuideScreen.js';
import { systemSpeaker, type Speaker } from './elder/speech.js';
import { useHub, useTick, type KioskHub } from './hub.js';
import { aheadOf, statusUrl, type ServiceTile, type VisitTile, type Wait } from './model.js';

export interface KioskTimings {
  /** Any screen but home goes home after this long without a touch. */
  idleMs: number;
  /** The result screen, when the ticket was printed. */
  resultMs: number;
  /** The result screen, when it could not be printed: the visitor must note the number. */
  resultUnprintedMs: number;
  /** How often the printer's status is read and reported. */
  printerPollMs: number;
}

export const DEFAULT_TIMINGS: KioskTimings = {
  idleMs: 45_000,
  resultMs: 12_000,
  resultUnprintedMs: 40_000,
  printerPollMs: 20_000,
};

export type Screen =
  | { kind: 'home' }
  | { kind: 'department'; departmentId: string }
  /** 办事指南: a service with a guide chosen; one more touch takes its number. */
  | { kind: 'guide'; departmentId: string; serviceId: string }
  | { kind: 'green_confirm' }
  /** A combined visit chosen: one more touch confirms it (from home, or a department's screen). */
  | { kind: 'visit_confirm'; visitId: string; from: string | null }
  | { kind: 'appointment' }
  /** 远程取号确认: a number taken from the phone, confirmed by its code or the ID card. */
  | { kind: 'remote' }
  /**
   * The resident ID card (screens/CardScreen), when the hall asks for it: before the ticket of a
   * service or of a combined visit.
   */
  | { kind: 'card'; choice: Choice }
  /** No ID card, and the hall sends such visitors to its staff (`hall.withoutIdCard`). */
  | { kind: 'ask_staff'; choice: Choice }
  /**
   * No ID card: the staff member at the kiosk types their code and PIN (screens/StaffPinScreen);
   * `error` is the hub's refusal of the last ones, `staffCode` the code then typed (kept).
   */
  | {
      kind: 'staff_pin';
      choice: Choice;
      error: ErrorCode | ClientErrorCode | null;
      staffCode: string;
    }
  /** 叫号提醒: the optional phone step after a service is chosen (screens/PhoneStep). */
  | { kind: 'phone'; tile: ServiceTile; card: IdCardHolder | null; staffPin?: StaffPin }
  | { kind: 'issuing' }
  | { kind: 'result'; issued: Issued }
  /** `refusal`: the hub's, with its reasons (e.g. the card's ticket of today), when it gave one. */
  | { kind: 'failed'; code: ErrorCode | ClientErrorCode; refusal?: ProtocolError };

/** What the visitor chose, waiting for the ID card. */
export type Choice = { kind: 'service'; tile: ServiceTile } | { kind: 'visit'; tile: VisitTile };

/**
 * A service's steps before its ticket, each undefined until it was shown: the guide read, the ID
 * card (null: none), the phone number (null: none given).
 */
export interface IssueSteps {
  guideRead?: boolean;
  card?: IdCardHolder | null;
  phone?: string | null;
  /** No card, let through by the staff member at the kiosk (their code and PIN). */
  staffPin?: StaffPin;
}

export interface KioskOptions {
  hub: KioskHub;
  /** The preload API in the Electron shell; null in a plain browser. */
  api: KioskApi | null;
  /** Where the hub serves the ticket status pages (`http://hub:7800`). */
  hubOrigin: string;
  /** The hall's time; the hub's (`hub.hallNow()`) by default. */
  now?: () => number;
  timings?: Partial<KioskTimings>;
  /** The large mode's voice; the system's (`systemSpeaker`) by default, null for none. */
  speaker?: Speaker | null;
  /** True when the kiosk's config names an ID card reader (`api.readCard` then reads it). */
  cardReader?: boolean;
}

/**
 * Whether this kiosk asks for the ID card before a ticket: it has a reader and the hall limits
 * numbers per person (`hall.idLimit`) or gives them at the kiosk only with a card.
 */
export function asksForCard(state: HallState, cardReader: boolean): boolean {
  const hall = state.config.hall;
  return cardReader && ((hall.idLimit ?? 'none') !== 'none' || hall.withoutIdCard === 'askStaff');
}

/** The failed screen for a command's refusal, its reasons kept when the hub gave some. */
function failed(error: ProtocolError | { code: ClientErrorCode; message: string }): Screen {
  return 'issues' in error
    ? { kind: 'failed', code: error.code, refusal: error }
    : { kind: 'failed', code: error.code };
}

/**
 * A refused ticket's screen: a staff member's code or PIN the hub did not take goes back to the
 * PIN screen with the reason (typed again there); any other refusal to the failed screen.
 */
function refusedScreen(
  choice: Choice,
  error: ProtocolError | { code: ClientErrorCode; message: string },
  staffPin: StaffPin | undefined,
): Screen {
  const pinRefused = error.code === 'login_failed' || error.code === 'locked_out';
  return staffPin !== undefined && pinRefused
    ? { kind: 'staff_pin', choice, error: error.code, staffCode: staffPin.staffCode }
    : failed(error);
}

/** The masked name (张*三) printed on the ticket, as the hub keeps it. */
function holderOf(card: IdCardHolder | null): string | undefined {
  if (card === null) return undefined;
  const masked = maskName(card.name.replace(/\d/gu, ''));
  return masked === '' ? undefined : masked;
}

/**
 * The kiosk's state and what the visitor's touches do: the screen shown, the language, the
 * green channel, the idle timeout, the printer's status, and issuing numbers (a service, a
 * combined visit, an appointment's check-in) with their printing.
 */
export function useKiosk(options: KioskOptions): KioskModel {
  const { hub, api, hubOrigin } = options;
  const nowFn = options.now ?? (() => hub.hallNow());
  const timings = { ...DEFAULT_TIMINGS, ...options.timings };
  const { connection, state } = useHub(hub);
  useTick();
  // Read at each render: a change of the hall or the connection, or the tick. Until the hub's
  // clock is known this is the PC's own clock, which may be hours off: no estimate from it.
  const now = nowFn();
  const clockKnown = hub.clockKnown;
  // The visitor's pick of the one-touch switch; null: the hall's default (hall.languages[0]).
  const [langChoice, setLangChoice] = useState<Lang | null>(null);
  const offered = hallLangs(state);
  const lang = langChoice !== null && offered.includes(langChoice) ? langChoice : hallLang(state);
  const [priority, setPriority] = useState(false);
  const [screen, setScreen] = useState<Screen>({ kind: 'home' });
  const [touchedAt, setTouchedAt] = useState(0);
  const [printer, setPrinter] = useState<PrinterState | null>(null);
  const issuing = useRef(false);
  // 适老化: the large mode, and its voice (made once).
  const [large, setLarge] = useState(false);
  const [speaker] = useState<Speaker | null>(() =>
    options.speaker === undefined ? systemSpeaker() : options.speaker,
  );
  // 帮办代办: this kiosk's call for help, until a ticket is issued with it.
  const [assistId, setAssistId] = useState<string | null>(null);
  const [assistFailed, setAssistFailed] = useState(false);
  const assist = assistId === null ? undefined : state?.assists.get(assistId);
  const assistPending = assist?.status === 'open' || assist?.status === 'answered';

  const goHome = useCallback(() => {
    setScreen({ kind: 'home' });
    setPriority(false);
    setLangChoice(null);
    setLarge(false);
    setAssistFailed(false);
  }, [setScreen, setPriority, setLangChoice]);

  const requestAssist = async () => {
    setAssistFailed(false);
    const outcome = await hub.requestAssist();
    if (outcome.ok) setAssistId(outcome.result.request.id);
    else setAssistFailed(true);
  };

  // Idle timeout: every screen but a plain home goes home; the result screen has its own time.
  // While staff are called to the kiosk the visitor waits for them: no timeout then.
  const atRest = screen.kind === 'home' && !priority && langChoice === null && !large;
  let idleMs: number | null =
    atRest || screen.kind === 'issuing' || assistPending ? null : timings.idleMs;
  if (screen.kind === 'result') {
    const print = screen.issued.print;
    idleMs =
      print === 'printing'
        ? null
        : print === 'printed'
          ? timings.resultMs
          : timings.resultUnprintedMs;
  }
  useEffect(() => {
    if (idleMs === null) return;
    const timer = setTimeout(goHome, idleMs);
    return () => clearTimeout(timer);
  }, [idleMs, touchedAt, screen, goHome]);

  // The printer's status: read now and then, reported to the hub as the device's status.
  const report = useCallback(
    (next: PrinterState) => {
      setPrinter(next);
      void hub.reportStatus(deviceStatusOf(next));
    },
    [hub],
  );
  useEffect(() => {
    if (!api) return;
    let last: PrinterState | null = null;
    const poll = () => {
      api.printerStatus().then(
        (next) => {
          if (next !== last) report(next);
          last = next;
        },
        () => undefined,
      );
    };
    poll();
    const timer = setInterval(poll, timings.printerPollMs);
    return () => clearInterval(timer);
  }, [api, report, timings.printerPollMs]);

  /** With the staff's help (帮办代办) when a call of this kiosk is not yet served. */
  const withAssist = () => (assistPending && assistId !== null ? { assistId } : {});

  const wantsCard = (current: HallState) =>
    asksForCard(current, options.cardReader === true && api !== null);

  /**
   * A service: its guide first when it has one, then the ID card when the hall asks for it, then
   * the phone step when the hall has it (see IssueSteps).
   */
  const issue = async (tile: ServiceTile, steps: IssueSteps = {}) => {
    if (issuing.current || tile.unavailable !== null || !state) return;
    const service = tile.service;
    const { card, phone, staffPin } = steps;
    if (steps.guideRead !== true && guideOf(service) !== null) {
      setScreen({ kind: 'guide', departmentId: service.departmentId, serviceId: service.id });
      return;
    }
    if (card === undefined && wantsCard(state)) {
      setScreen({ kind: 'card', choice: { kind: 'service', tile } });
      return;
    }
    if (phone === undefined && state.config.notify?.kioskAsksPhone === true) {
      setScreen({
        kind: 'phone',
        tile,
        card: card ?? null,
        ...(staffPin === undefined ? {} : { staffPin }),
      });
      return;
    }
    issuing.current = true;
    const wait = estimateWait(state, service.id, nowFn());
    setScreen({ kind: 'issuing' });
    try {
      const outcome = await hub.issueTicket({
        itinerary: [{ serviceIds: [service.id] }],
        class: priority ? 'priority' : 'normal',
        ...(phone ? { phone } : {}),
        ...(card ? { idCard: card } : {}),
        ...(staffPin === undefined ? {} : { staffPin }),
        ...withAssist(),
      });
      if (!outcome.ok) {
        setScreen(refusedScreen({ kind: 'service', tile }, outcome.error, staffPin));
        return;
      }
      const found = outcome.result.found;
      if (found !== undefined) await showOwn(outcome.result.ticket, found);
      else
        await showAndPrint(outcome.result.ticket, service.name, null, wait, holderOf(card ?? null));
    } finally {
      issuing.current = false;
    }
  };

  /** A combined visit (一件事一次办): one number for all its steps, in order. */
  const issueVisit = async (tile: VisitTile, card?: IdCardHolder | null, staffPin?: StaffPin) => {
    if (issuing.current || tile.unavailable !== null || !state) return;
    if (card === undefined && wantsCard(state)) {
      setScreen({ kind: 'card', choice: { kind: 'visit', tile } });
      return;
    }
    issuing.current = true;
    setScreen({ kind: 'issuing' });
    try {
      const outcome = await hub.issueTicket({
        itinerary: tile.visit.steps.map((step) => ({ serviceIds: [...step.serviceIds] })),
        class: priority ? 'priority' : 'normal',
        ...(card ? { idCard: card } : {}),
        ...(staffPin === undefined ? {} : { staffPin }),
        ...withAssist(),
      });
      if (!outcome.ok) {
        setScreen(refusedScreen({ kind: 'visit', tile }, outcome.error, staffPin));
        return;
      }
      if (outcome.result.found !== undefined) {
        await showOwn(outcome.result.ticket, outcome.result.found);
        return;
      }
      await showAndPrint(
        outcome.result.ticket,
        tile.visit.name,
        stepNames(tile),
        waitOf(tile),
        holderOf(card ?? null),
      );
    } finally {
      issuing.current = false;
    }
  };

  /** An appointment booking becomes its ticket; refusals go back to the check-in screen. */
  const checkIn = async (
    code: string,
    phoneLast4: string | null,
    phone?: string | null,
  ): Promise<CheckInAnswer> => {
    if (issuing.current) return { ok: false, code: 'rate_limited' };
    issuing.current = true;
    try {
      const outcome = await hub.checkIn({
        code,
        phoneLast4,
        ...(phone === undefined ? {} : { phone }),
      });
      if (!outcome.ok) return { ok: false, code: outcome.error.code };
      return await showOwn(outcome.result.ticket);
    } finally {
      issuing.current = false;
    }
  };

  /**
   * 远程取号确认: the number taken from the phone, by its code or the ID card whose number was
   * given with it, is confirmed and printed; refusals go back to the confirm screen.
   */
  const confirmRemote = async (
    input: { code: string } | { idCard: IdCardHolder },
  ): Promise<CheckInAnswer> => {
    if (issuing.current) return { ok: false, code: 'rate_limited' };
    issuing.current = true;
    try {
      const outcome = await hub.confirmRemote(input);
      if (!outcome.ok) return { ok: false, code: outcome.error.code };
      return await showOwn(outcome.result.ticket, 'remote');
    } finally {
      issuing.current = false;
    }
  };

  /**
   * The visitor's own number the hub found (a booking checked in, a remote number confirmed):
   * shown and printed under its service's name.
   */
  const showOwn = async (ticket: Ticket, found?: Found): Promise<CheckInAnswer> => {
    const serviceId = ticket.itinerary[0]?.serviceIds[0] ?? '';
    const current = hub.state;
    const service = current?.config.services.find((s) => s.id === serviceId);
    if (!current || !service) return { ok: false, code: 'service_unknown' };
    const wait = estimateWait(current, service.id, nowFn());
    await showAndPrint(ticket, service.name, null, wait, undefined, found);
    return { ok: true };
  };

  /** The result screen for an acknowledged ticket, and its printing in the shell. */
  const showAndPrint = async (
    ticket: Ticket,
    title: I18nText,
    steps: I18nText[][] | null,
    wait: Wait,
    holder?: string,
    found?: Found,
  ) => {
    const kind = waitKind(wait);
    const estimateMinutes =
      kind === 'no_window' ? null : kind === 'no_wait' ? 0 : Math.max(1, wait.minutes);
    const issued: Issued = {
      ticket,
      title,
      steps,
      wait,
      print: api ? 'printing' : 'none',
      ...(found === undefined ? {} : { found }),
    };
    setScreen({ kind: 'result', issued });
    if (!api) return;
    let printed: PrintResult;
    try {
      const hall = hub.state?.config.hall;
      const service =
        steps === null
          ? hub.state?.config.services.find((s) => s.id === ticket.serviceId)
          : undefined;
      const guide = service ? guideOf(service) : null;
      printed = await api.printTicket({
        hall: hall?.name ?? { zh: '', en: '' },
        ...(guide === null ? {} : { guide }),
        ...(ticket.assist || ticket.allowedBy !== undefined ? { helped: true } : {}),
        notice: hall?.notice ?? { zh: '', en: '' },
        number: ticket.number,
        ...(holder === undefined ? {} : { holder }),
        service: title,
        ...(steps === null ? {} : { steps }),
        priority: ticket.class === 'priority',
        peopleAhead: aheadOf(hub.state, ticket),
        estimateMinutes,
        issuedAt: ticket.issuedAt,
        statusUrl: statusUrl(hubOrigin, ticket.accessToken, hub.state),
      });
    } catch (err) {
      printed = { ok: false, state: 'not_responding', message: String(err) };
    }
    const print: PrintPhase = printed.ok ? 'printed' : { failed: printed.state };
    setScreen((current) =>
      current.kind === 'result' && current.issued.ticket.id === ticket.id
        ? { kind: 'result', issued: { ...issued, print } }
        : current,
    );
    if (!printed.ok) report(printed.state);
  };

  /** The card screen's answer: the card read, or none (`hall.withoutIdCard` decides). */
  const cardDone = (choice: Choice, card: IdCardHolder | null) => {
    if (card === null && state?.config.hall.withoutIdCard === 'askStaff') {
      setScreen({ kind: 'ask_staff', choice });
      return;
    }
    if (choice.kind === 'visit') void issueVisit(choice.tile, card);
    else void issue(choice.tile, { guideRead: true, card });
  };

  /**
   * Without a card where the hall asks staff: the staff member who answered this kiosk's call
   * (帮办代办) lets one ticket through; the hub checks the call is answered and marks it served.
   */
  const issueWithStaff = (choice: Choice) => {
    if (assist?.status !== 'answered') return;
    if (choice.kind === 'visit') void issueVisit(choice.tile, null);
    else void issue(choice.tile, { guideRead: true, card: null });
  };

  /**
   * Without a card where the hall asks staff: the staff member at the kiosk typed their code and
   * PIN; the hub checks them (as a window login) and names them on the ticket.
   */
  const issueWithPin = (choice: Choice, staffPin: StaffPin) => {
    if (choice.kind === 'visit') void issueVisit(choice.tile, null, staffPin);
    else void issue(choice.tile, { guideRead: true, card: null, staffPin });
  };

  const touched = () => setTouchedAt((n) => n + 1);
  const switchLang = () => {
    const next = otherLang(lang);
    setLangChoice(next === hallLang(state) ? null : next);
  };

  return {
    connection,
    state,
    now,
    clockKnown,
    lang,
    offered,
    priority,
    setPriority,
    screen,
    setScreen,
    printer,
    goHome,
    touched,
    switchLang,
    issue,
    issueVisit,
    cardDone,
    checkIn,
    confirmRemote,
    cardReader: options.cardReader === true && api !== null,
    large,
    setLarge,
    speaker,
    assistId: assistPending ? assistId : null,
    assistAnswered: assist?.status === 'answered',
    issueWithStaff,
    issueWithPin,
    assistFailed,
    requestAssist,
  };
}

/** What `useKiosk` gives the kiosk's screens. */
export interface KioskModel {
  connection: ReturnType<typeof useHub>['connection'];
  state: HallState | null;
  now: number;
  clockKnown: boolean;
  lang: Lang;
  offered: readonly Lang[];
  priority: boolean;
  setPriority: (priority: boolean) => void;
  screen: Screen;
  setScreen: (screen: Screen) => void;
  printer: PrinterState | null;
  goHome: () => void;
  touched: () => void;
  switchLang: () => void;
  /** A service's ticket, once its steps were shown (IssueSteps). */
  issue: (tile: ServiceTile, steps?: IssueSteps) => Promise<void>;
  /** The ID card step's answer for the choice it was shown for; null: no card. */
  cardDone: (choice: Choice, card: IdCardHolder | null) => void;
  /** 适老化: the large mode, on from the home screen until the ticket or the idle timeout. */
  large: boolean;
  setLarge: (large: boolean) => void;
  speaker: Speaker | null;
  /** 帮办代办: this kiosk's call not yet served, or null; whether the last call failed. */
  assistId: string | null;
  /** This kiosk's call for help has been answered: the staff member is on the way or here. */
  assistAnswered: boolean;
  issueWithStaff: (choice: Choice) => void;
  /** No card: the staff member's code and PIN typed at the kiosk let the ticket through. */
  issueWithPin: (choice: Choice, staffPin: StaffPin) => void;
  assistFailed: boolean;
  requestAssist: () => Promise<void>;
  issueVisit: (tile: VisitTile, card?: IdCardHolder | null) => Promise<void>;
  /** An appointment's check-in; `phone`: the number typed when the hub offered it, null: none. */
  checkIn: (
    code: string,
    phoneLast4: string | null,
    phone?: string | null,
  ) => Promise<CheckInAnswer>;
  confirmRemote: (input: { code: string } | { idCard: IdCardHolder }) => Promise<CheckInAnswer>;
  /** True when this kiosk reads ID cards (its config names a reader, and the shell is there). */
  cardReader: boolean;
}
