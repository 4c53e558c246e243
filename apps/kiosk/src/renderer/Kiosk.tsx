import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import {
  errorMessage,
  estimateWait,
  waitKind,
  t,
  type ClientErrorCode,
  type ErrorCode,
  type I18nText,
  type HallState,
  type Lang,
  type Millis,
  type Ticket,
} from '@onestop/shared';
import type { KioskApi, PrinterState, PrintResult } from '../shared/api.js';
import { deviceStatusOf, printerBlocks, PRINTER_TEXT } from '../shared/printer-status.js';
import { hallLang, hallLangs, otherLang } from '@onestop/app-common';
import { CheckInScreen, type CheckInAnswer } from './CheckIn.js';
import { useHub, useTick, type KioskHub } from './hub.js';
import {
  aheadOf,
  departmentTiles,
  serviceTile,
  statusUrl,
  visitTiles,
  type DepartmentTile,
  type ServiceTile,
  type VisitTile,
  type Wait,
} from './model.js';
import { hallOpening, nextDayOpening, serviceOpening, whenText } from './opening.js';
import { Paged, type PagedSection } from './Paged.js';
import { QrCode } from './QrCode.js';
import { k } from './strings.js';

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

export interface KioskProps {
  hub: KioskHub;
  /** The preload API in the Electron shell; null in a plain browser. */
  api: KioskApi | null;
  /** Where the hub serves the ticket status pages (`http://hub:7800`). */
  hubOrigin: string;
  /** The hall's time; the hub's (`hub.hallNow()`) by default. */
  now?: () => number;
  timings?: Partial<KioskTimings>;
  /** Stop offering tickets while the printer cannot print (the kiosk's config). */
  stopWhenPrinterFails?: boolean;
}

/** Printing of the ticket on the result screen. */
type PrintPhase = 'none' | 'printing' | 'printed' | { failed: PrinterState };

interface Issued {
  ticket: Ticket;
  /** The service's name, or the combined visit's. */
  title: I18nText;
  /** A combined visit's steps, each its services' names; null for a single service. */
  steps: I18nText[][] | null;
  /** The wait before the number was issued, as the result screen tells it. */
  wait: Wait;
  print: PrintPhase;
}

type Screen =
  | { kind: 'home' }
  | { kind: 'department'; departmentId: string }
  | { kind: 'green_confirm' }
  /** A combined visit chosen: one more touch confirms it (from home, or a department's screen). */
  | { kind: 'visit_confirm'; visitId: string; from: string | null }
  | { kind: 'appointment' }
  | { kind: 'issuing' }
  | { kind: 'result'; issued: Issued }
  | { kind: 'failed'; code: ErrorCode | ClientErrorCode };

export function Kiosk(props: KioskProps): ReactNode {
  const { hub, api, hubOrigin } = props;
  const nowFn = props.now ?? (() => hub.hallNow());
  const timings = { ...DEFAULT_TIMINGS, ...props.timings };
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

  const goHome = useCallback(() => {
    setScreen({ kind: 'home' });
    setPriority(false);
    setLangChoice(null);
  }, [setScreen, setPriority, setLangChoice]);

  // Idle timeout: every screen but a plain home goes home; the result screen has its own time.
  const atRest = screen.kind === 'home' && !priority && langChoice === null;
  let idleMs: number | null = atRest || screen.kind === 'issuing' ? null : timings.idleMs;
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

  const issue = async (tile: ServiceTile) => {
    if (issuing.current || tile.unavailable !== null || !state) return;
    issuing.current = true;
    const service = tile.service;
    const wait = estimateWait(state, service.id, nowFn());
    setScreen({ kind: 'issuing' });
    try {
      const outcome = await hub.issueTicket({
        itinerary: [{ serviceIds: [service.id] }],
        class: priority ? 'priority' : 'normal',
      });
      if (!outcome.ok) {
        setScreen({ kind: 'failed', code: outcome.error.code });
        return;
      }
      await showAndPrint(outcome.result.ticket, service.name, null, wait);
    } finally {
      issuing.current = false;
    }
  };

  /** A combined visit (一件事一次办): one number for all its steps, in order. */
  const issueVisit = async (tile: VisitTile) => {
    if (issuing.current || tile.unavailable !== null || !state) return;
    issuing.current = true;
    setScreen({ kind: 'issuing' });
    try {
      const outcome = await hub.issueTicket({
        itinerary: tile.visit.steps.map((step) => ({ serviceIds: [...step.serviceIds] })),
        class: priority ? 'priority' : 'normal',
      });
      if (!outcome.ok) {
        setScreen({ kind: 'failed', code: outcome.error.code });
        return;
      }
      const steps = tile.steps.map((step) => step.map((s) => s.name));
      await showAndPrint(outcome.result.ticket, tile.visit.name, steps, {
        waiting: tile.waiting,
        minutes: tile.estimateMinutes,
        openWindows: tile.openWindows,
      });
    } finally {
      issuing.current = false;
    }
  };

  /** An appointment booking becomes its ticket; refusals go back to the check-in screen. */
  const checkIn = async (code: string, phoneLast4: string | null): Promise<CheckInAnswer> => {
    if (issuing.current) return { ok: false, code: 'rate_limited' };
    issuing.current = true;
    try {
      const outcome = await hub.checkIn({ code, phoneLast4 });
      if (!outcome.ok) return { ok: false, code: outcome.error.code };
      const ticket = outcome.result.ticket;
      const serviceId = ticket.itinerary[0]?.serviceIds[0] ?? '';
      const current = hub.state;
      const service = current?.config.services.find((s) => s.id === serviceId);
      if (!current || !service) return { ok: false, code: 'service_unknown' };
      const wait = estimateWait(current, service.id, nowFn());
      await showAndPrint(ticket, service.name, null, wait);
      return { ok: true };
    } finally {
      issuing.current = false;
    }
  };

  /** The result screen for an acknowledged ticket, and its printing in the shell. */
  const showAndPrint = async (
    ticket: Ticket,
    title: I18nText,
    steps: I18nText[][] | null,
    wait: Wait,
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
    };
    setScreen({ kind: 'result', issued });
    if (!api) return;
    let printed: PrintResult;
    try {
      const hall = hub.state?.config.hall;
      printed = await api.printTicket({
        hall: hall?.name ?? { zh: '', en: '' },
        notice: hall?.notice ?? { zh: '', en: '' },
        number: ticket.number,
        service: title,
        ...(steps === null ? {} : { steps }),
        priority: ticket.class === 'priority',
        peopleAhead: aheadOf(hub.state, ticket),
        estimateMinutes,
        issuedAt: ticket.issuedAt,
        statusUrl: statusUrl(hubOrigin, ticket.accessToken),
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

  const touched = () => setTouchedAt((n) => n + 1);
  const switchLang = () => {
    const next = otherLang(lang);
    setLangChoice(next === hallLang(state) ? null : next);
  };

  let body: ReactNode;
  const dayOpen = state?.day?.status === 'open';
  const printerStops =
    props.stopWhenPrinterFails === true && printer !== null && printerBlocks(printer);
  const tiles = state && dayOpen ? departmentTiles(state, now) : [];
  const closedNow = closedNowOf(tiles);
  /** Why a service cannot be chosen, with the time it opens when it is only closed now. */
  const reasonText = (tile: ServiceTile, l: Lang): string =>
    state && tile.unavailable !== null
      ? unavailableText(state, [tile], now, l, 'all')
      : k('notAvailable', l);
  if (screen.kind === 'result') {
    // An acknowledged ticket stays up whatever happens to the connection meanwhile.
    body = (
      <ResultScreen
        lang={lang}
        issued={screen.issued}
        hubOrigin={hubOrigin}
        state={state}
        onDone={goHome}
      />
    );
  } else if (connection !== 'online' || !state || printerStops) {
    const reason =
      connection !== 'online' || !state
        ? [t(`connection.${connection}`, 'zh'), t(`connection.${connection}`, 'en')]
        : [printerText(printer ?? 'offline', 'zh'), printerText(printer ?? 'offline', 'en')];
    return <PausedScreen reason={reason} />;
  } else if (state.day?.status === 'closed') {
    // The day is over: no "please wait", but when numbers are given again.
    return (
      <ClosedScreen
        state={state}
        now={now}
        title={(l) => k('dayEndedTitle', l)}
        next={nextDayOpening(state, now)}
        body={(l) => k('dayEndedBody', l)}
      />
    );
  } else if (!dayOpen) {
    return (
      <PausedScreen
        reason={[errorMessage('day_not_open', 'zh'), errorMessage('day_not_open', 'en')]}
      />
    );
  } else if (closedNow) {
    // Too early, a break, or after hours: no service can be chosen until the next opening.
    const next = firstOpening(state, closedNow, now);
    const later = next !== null && sameDay(state, next, now);
    return (
      <ClosedScreen
        state={state}
        now={now}
        title={(l) => k(later ? 'notNowTitle' : 'numbersEndedTitle', l)}
        next={next}
      />
    );
  } else {
    switch (screen.kind) {
      case 'home':
        body = (
          <HomeScreen
            lang={lang}
            tiles={tiles}
            visits={visitTiles(state, now)}
            estimates={clockKnown}
            departmentReason={(d, l) => unavailableText(state, d.services, now, l, 'any')}
            visitReason={(v, l) => visitReasonText(state, v, now, l)}
            onVisit={(v) => setScreen({ kind: 'visit_confirm', visitId: v.visit.id, from: null })}
            priority={priority}
            onDepartment={(departmentId) => setScreen({ kind: 'department', departmentId })}
            onGreen={() => setScreen({ kind: 'green_confirm' })}
            onAppointment={() => setScreen({ kind: 'appointment' })}
          />
        );
        break;
      case 'appointment':
        body = (
          <CheckInScreen
            lang={lang}
            graceMinutes={state.config.hall.policy.appointmentGraceMinutes}
            onCheckIn={checkIn}
            onBack={goHome}
          />
        );
        break;
      case 'department': {
        const tile = tiles.find((d) => d.department.id === screen.departmentId);
        body = tile ? (
          <DepartmentScreen
            lang={lang}
            tile={tile}
            visits={visitTiles(state, now, tile.department.id)}
            estimates={clockKnown}
            reasonText={reasonText}
            visitReason={(v, l) => visitReasonText(state, v, now, l)}
            onVisit={(v) =>
              setScreen({ kind: 'visit_confirm', visitId: v.visit.id, from: tile.department.id })
            }
            onBack={() => setScreen({ kind: 'home' })}
            onService={(s) => void issue(s)}
          />
        ) : null;
        break;
      }
      case 'visit_confirm': {
        const from = screen.from;
        const back = () =>
          setScreen(from === null ? { kind: 'home' } : { kind: 'department', departmentId: from });
        const tile = visitTiles(state, now).find((v) => v.visit.id === screen.visitId);
        body = tile ? (
          <VisitConfirm
            lang={lang}
            tile={tile}
            estimates={clockKnown}
            reason={visitReasonText(state, tile, now, lang)}
            onConfirm={() => void issueVisit(tile)}
            onCancel={back}
          />
        ) : (
          // Removed at the console meanwhile.
          <Message
            lang={lang}
            title={k('failed', lang)}
            detail={errorMessage('service_unknown', lang)}
          >
            <button type="button" className="button primary" onClick={goHome}>
              {k('home', lang)}
            </button>
          </Message>
        );
        break;
      }
      case 'green_confirm':
        body = (
          <GreenConfirm
            lang={lang}
            onConfirm={() => {
              setPriority(true);
              setScreen({ kind: 'home' });
            }}
            onCancel={goHome}
          />
        );
        break;
      case 'issuing':
        body = <Message lang={lang} title={k('issuing', lang)} />;
        break;
      case 'failed':
        body = (
          <Message
            lang={lang}
            title={k('failed', lang)}
            detail={errorMessage(screen.code, lang)}
            hint={k('retryLater', lang)}
          >
            <button type="button" className="button primary" onClick={goHome}>
              {k('home', lang)}
            </button>
          </Message>
        );
        break;
    }
  }

  return (
    <div
      className={`kiosk${priority ? ' kiosk-priority' : ''}`}
      lang={lang === 'zh' ? 'zh-CN' : 'en'}
      onPointerDown={touched}
    >
      <header className="kiosk-header">
        <div className="kiosk-hall">
          <span className="kiosk-hall-name">{state?.config.hall.name[lang]}</span>
          <span className="kiosk-title">{k('title', lang)}</span>
        </div>
        {offered.length > 1 && (
          <button type="button" className="button lang" onClick={switchLang}>
            {k('switchLang', lang)}
          </button>
        )}
      </header>
      {priority && screen.kind !== 'result' ? (
        <div className="kiosk-priority-banner">
          <span role="status">{k('greenActive', lang)}</span>
          {/* A mistaken touch, or a visitor who does not qualify: back to a normal number. */}
          <button type="button" className="button green-cancel" onClick={() => setPriority(false)}>
            {k('greenCancel', lang)}
          </button>
        </div>
      ) : null}
      <main className="kiosk-body">{body}</main>
    </div>
  );
}

/**
 * The services' shared reason when none of the hall's can be chosen now because of their hours
 * (too early, a break, after hours); null when some can, or when others are refused for
 * another reason (their tiles say it).
 */
function closedNowOf(tiles: readonly DepartmentTile[]): ServiceTile[] | null {
  const services = tiles.flatMap((d) => d.services);
  if (services.length === 0 || services.some((s) => s.unavailable === null)) return null;
  const closed = services.filter((s) => s.unavailable === 'service_closed_now');
  return closed.length > 0 ? closed : null;
}

/** The earliest opening of the services. */
function firstOpening(
  state: HallState,
  services: readonly ServiceTile[],
  now: Millis,
): Millis | null {
  let first: Millis | null = null;
  for (const s of services) {
    const at = serviceOpening(state, s.service, now);
    if (at !== null && (first === null || at < first)) first = at;
  }
  return first ?? hallOpening(state, now);
}

function sameDay(state: HallState, a: Millis, b: Millis): boolean {
  return whenText(a, b, state.config.hall.timezone, 'en').startsWith('today');
}

/**
 * Why these services (a tile's, or a visit's first step) cannot be chosen, in one line: the
 * time they open when they are closed now, else the engine's reason.
 */
function unavailableText(
  state: HallState,
  services: readonly ServiceTile[],
  now: Millis,
  lang: Lang,
  /** `all`: every one is needed (a visit's step), the latest opening; `any`: the earliest. */
  needs: 'all' | 'any',
): string {
  const reasons = new Set(services.map((s) => s.unavailable).filter((r) => r !== null));
  const [only] = reasons;
  if (reasons.size !== 1 || !only) return k('notAvailable', lang);
  if (only === 'service_closed_now') {
    let at: Millis | null = null;
    for (const s of services) {
      const opens = serviceOpening(state, s.service, now);
      if (opens === null) {
        if (needs === 'all') return errorMessage(only, lang);
        continue;
      }
      at = at === null ? opens : needs === 'all' ? Math.max(at, opens) : Math.min(at, opens);
    }
    if (at !== null) {
      return k('opensAt', lang, { when: whenText(at, now, state.config.hall.timezone, lang) });
    }
  }
  return errorMessage(only, lang);
}

/** Why a combined visit cannot be chosen: its first step's opening time when only closed now. */
function visitReasonText(state: HallState, visit: VisitTile, now: Millis, lang: Lang): string {
  if (visit.unavailable === null) return '';
  if (visit.unavailable !== 'service_closed_now') return errorMessage(visit.unavailable, lang);
  const first = (visit.steps[0] ?? []).map((service) => serviceTile(state, service, now));
  return unavailableText(state, first, now, lang, 'all');
}

function HomeScreen(props: {
  lang: Lang;
  tiles: DepartmentTile[];
  visits: VisitTile[];
  estimates: boolean;
  departmentReason: (tile: DepartmentTile, lang: Lang) => string;
  visitReason: (tile: VisitTile, lang: Lang) => string;
  onVisit: (tile: VisitTile) => void;
  priority: boolean;
  onDepartment: (id: string) => void;
  onGreen: () => void;
  onAppointment: () => void;
}): ReactNode {
  const { lang } = props;
  const withVisits = props.visits.length > 0;
  const departments = props.tiles.map((tile) => ({
    key: tile.department.id,
    node: (
      <button
        type="button"
        className="tile"
        data-choice={tile.department.id}
        disabled={tile.unavailable}
        onClick={() => props.onDepartment(tile.department.id)}
      >
        <span className="tile-name">{tile.department.name[lang]}</span>
        <span className={`tile-meta${tile.unavailable ? ' tile-reason' : ''}`}>
          {tile.unavailable
            ? props.departmentReason(tile, lang)
            : `${k(tile.services.length === 1 ? 'servicesOne' : 'services', lang, { count: tile.services.length })} · ${k('waiting', lang, { count: tile.waiting })}`}
        </span>
      </button>
    ),
  }));
  // What changes the tiles' sizes: names, reasons, the language (not the counts).
  const fitKey = [
    lang,
    props.priority,
    ...props.tiles.map((t) => `${t.department.name[lang]}:${t.unavailable}`),
    ...props.visits.map((v) => `${v.visit.name[lang]}:${v.unavailable}:${v.steps.length}`),
  ].join('|');
  return (
    <div className={`home${withVisits ? ' with-visits' : ''}`}>
      <h1 className="kiosk-prompt">{k('chooseDepartment', lang)}</h1>
      <Paged
        lang={lang}
        fitKey={fitKey}
        label={k('pagerLabel', lang)}
        sections={[
          {
            key: 'departments',
            // With combined visits below, the department tiles are shorter so that all fits.
            gridClass: withVisits ? 'tiles tiles-short' : 'tiles',
            wrap: (grid) => grid,
            items: departments,
          },
          ...(withVisits
            ? [visitSection(lang, props.visits, props.onVisit, props.estimates, props.visitReason)]
            : []),
        ]}
      />
      {props.priority ? null : (
        <div className="home-extra">
          <button type="button" className="button green" onClick={props.onGreen}>
            <span className="green-title">{k('greenChannel', lang)}</span>
            <span className="green-who">{k('greenChannelWho', lang)}</span>
          </button>
          <button type="button" className="button appointment" onClick={props.onAppointment}>
            <span className="green-title">{k('appointment', lang)}</span>
            <span className="green-who">{k('appointmentWho', lang)}</span>
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * 一件事一次办: the combined visits, each a tile listing its steps (on the home screen), or
 * only its name and number of steps (`compact`, in its department's screen, beside the
 * services), as a section of the paged choices.
 */
function visitSection(
  lang: Lang,
  visits: VisitTile[],
  onVisit: (tile: VisitTile) => void,
  estimates: boolean,
  reason: (tile: VisitTile, lang: Lang) => string,
  compact = false,
): PagedSection {
  return {
    key: 'visits',
    gridClass: 'tiles visit-tiles',
    wrap: (grid) => (
      <section className="visits" aria-labelledby="visits-title">
        <h2 className="visits-title" id="visits-title">
          {k('combinedTitle', lang)}
          <span className="visits-sub">{k('combinedSub', lang)}</span>
        </h2>
        {grid}
      </section>
    ),
    items: visits.map((v) => ({
      key: v.visit.id,
      node: (
        <button
          type="button"
          className="tile visit"
          data-testid={`visit-${v.visit.id}`}
          data-choice={`visit-${v.visit.id}`}
          disabled={v.unavailable !== null}
          onClick={() => onVisit(v)}
        >
          <span className="tile-name">{v.visit.name[lang]}</span>
          {compact ? (
            <span className="visit-description">
              {k(v.steps.length === 1 ? 'stepCountOne' : 'stepCount', lang, {
                count: v.steps.length,
              })}
            </span>
          ) : (
            <>
              {v.visit.description ? (
                <span className="visit-description">{v.visit.description[lang]}</span>
              ) : null}
              <StepList lang={lang} steps={v.steps.map((step) => step.map((s) => s.name))} />
              {/* Instead of the steps when the choices must be smallest (Paged.tsx). */}
              <span className="visit-description visit-step-count">
                {k(v.steps.length === 1 ? 'stepCountOne' : 'stepCount', lang, {
                  count: v.steps.length,
                })}
              </span>
            </>
          )}
          {v.unavailable === null ? (
            <span className="tile-meta">
              {waitShort(
                lang,
                { waiting: v.waiting, minutes: v.estimateMinutes, openWindows: v.openWindows },
                estimates,
              )}
            </span>
          ) : (
            <span className="tile-meta tile-reason">{reason(v, lang)}</span>
          )}
        </button>
      ),
    })),
  };
}

/** The wait on a service or visit tile: none, no window open, or people waiting and minutes. */
function waitShort(lang: Lang, wait: Wait, estimates: boolean): string {
  const kind = waitKind(wait);
  if (kind === 'no_wait') return k('noWait', lang);
  const waiting = k('waiting', lang, { count: wait.waiting });
  if (kind === 'no_window') return `${waiting} · ${k('noWindow', lang)}`;
  // Before the hub's clock is known: the count, and no minutes from a wrong clock.
  if (!estimates) return waiting;
  return `${waiting} · ${k('estimate', lang, { minutes: Math.max(1, wait.minutes) })}`;
}

/** The wait on the result screen, in a sentence. */
function waitLong(lang: Lang, wait: Wait): string {
  const kind = waitKind(wait);
  if (kind === 'no_wait') return k('noWaitLong', lang);
  if (kind === 'no_window') return k('noWindowLong', lang);
  return k('estimateLong', lang, { minutes: Math.max(1, wait.minutes) });
}

/** A combined visit's steps in order; the services of one step are served in any order. */
function StepList(props: { lang: Lang; steps: I18nText[][]; current?: number }): ReactNode {
  const { lang } = props;
  return (
    <ol className="steps">
      {props.steps.map((step, i) => (
        <li key={i} className={i === props.current ? 'step current' : 'step'}>
          <span className="step-number">{i + 1}</span>
          <span className="step-services">
            {step.map((name) => name[lang]).join(lang === 'zh' ? '、' : ' + ')}
            {step.length > 1 ? <span className="step-any">{k('anyOrder', lang)}</span> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}

function DepartmentScreen(props: {
  lang: Lang;
  tile: DepartmentTile;
  visits: VisitTile[];
  estimates: boolean;
  reasonText: (tile: ServiceTile, lang: Lang) => string;
  visitReason: (tile: VisitTile, lang: Lang) => string;
  onVisit: (tile: VisitTile) => void;
  onBack: () => void;
  onService: (tile: ServiceTile) => void;
}): ReactNode {
  const { lang, tile } = props;
  const services = tile.services.map((s) => ({
    key: s.service.id,
    node: (
      <button
        type="button"
        className="tile service"
        data-choice={s.service.id}
        disabled={s.unavailable !== null}
        onClick={() => props.onService(s)}
      >
        <span className="tile-name">{s.service.name[lang]}</span>
        {s.unavailable === null ? (
          <span className="tile-meta">
            {waitShort(
              lang,
              { waiting: s.waiting, minutes: s.estimateMinutes, openWindows: s.openWindows },
              props.estimates,
            )}
          </span>
        ) : (
          <span className="tile-meta tile-reason">{props.reasonText(s, lang)}</span>
        )}
      </button>
    ),
  }));
  const fitKey = [
    lang,
    tile.department.id,
    ...tile.services.map((s) => `${s.service.name[lang]}:${s.unavailable}`),
    ...props.visits.map((v) => `${v.visit.name[lang]}:${v.unavailable}`),
  ].join('|');
  return (
    <div className="home">
      <div className="kiosk-nav">
        <button type="button" className="button back" onClick={props.onBack}>
          ‹ {k('back', lang)}
        </button>
        <h1 className="kiosk-prompt">
          {tile.department.name[lang]} · {k('chooseService', lang)}
        </h1>
      </div>
      <Paged
        lang={lang}
        fitKey={fitKey}
        label={k('pagerLabel', lang)}
        sections={[
          { key: 'services', gridClass: 'tiles', wrap: (grid) => grid, items: services },
          ...(props.visits.length > 0
            ? [
                visitSection(
                  lang,
                  props.visits,
                  props.onVisit,
                  props.estimates,
                  props.visitReason,
                  true,
                ),
              ]
            : []),
        ]}
      />
    </div>
  );
}

function GreenConfirm(props: {
  lang: Lang;
  onConfirm: () => void;
  onCancel: () => void;
}): ReactNode {
  const { lang } = props;
  return (
    <div className="dialog" role="dialog" aria-labelledby="green-title">
      <h1 id="green-title">{k('greenConfirmTitle', lang)}</h1>
      <p>{k('greenConfirmBody', lang)}</p>
      <div className="dialog-buttons">
        <button type="button" className="button green" onClick={props.onConfirm}>
          {k('greenConfirm', lang)}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          {k('cancel', lang)}
        </button>
      </div>
    </div>
  );
}

/** A combined visit takes one more touch, as the green channel does: its steps and the wait. */
function VisitConfirm(props: {
  lang: Lang;
  tile: VisitTile;
  estimates: boolean;
  reason: string;
  onConfirm: () => void;
  onCancel: () => void;
}): ReactNode {
  const { lang, tile } = props;
  return (
    <div className="dialog visit-confirm" role="dialog" aria-labelledby="visit-confirm-title">
      <h1 id="visit-confirm-title">
        {k('visitConfirmTitle', lang, { name: tile.visit.name[lang] })}
      </h1>
      <p>{k('visitConfirmBody', lang)}</p>
      <StepList lang={lang} steps={tile.steps.map((step) => step.map((s) => s.name))} />
      {tile.unavailable === null ? (
        <p className="visit-confirm-wait">
          {waitShort(
            lang,
            { waiting: tile.waiting, minutes: tile.estimateMinutes, openWindows: tile.openWindows },
            props.estimates,
          )}
        </p>
      ) : (
        <p className="message-detail">{props.reason}</p>
      )}
      <div className="dialog-buttons">
        <button
          type="button"
          className="button primary"
          disabled={tile.unavailable !== null}
          onClick={props.onConfirm}
        >
          {k('visitConfirm', lang)}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          {k('cancel', lang)}
        </button>
      </div>
    </div>
  );
}

function ResultScreen(props: {
  lang: Lang;
  issued: Issued;
  hubOrigin: string;
  state: KioskHub['state'];
  onDone: () => void;
}): ReactNode {
  const { lang, issued } = props;
  const { ticket, title } = issued;
  const ahead = aheadOf(props.state, ticket);
  const print = issued.print;
  const printLine =
    print === 'none'
      ? k('noPrinter', lang)
      : print === 'printing'
        ? k('printing', lang)
        : print === 'printed'
          ? k('printed', lang)
          : k('printFailed', lang);
  const warn = print === 'none' || typeof print === 'object';
  return (
    <div className={`result${issued.steps ? ' with-steps' : ''}`} data-testid="result">
      <div className="result-main">
        <div className="result-head">
          <h1 className="result-label">{k('yourNumber', lang)}</h1>
          <div className="result-number" data-testid="ticket-number">
            {ticket.number}
          </div>
          <div className="result-service">
            {title[lang]}
            {ticket.class === 'priority' || ticket.class === 'appointment'
              ? ` · ${t(`ticket_class.${ticket.class}`, lang)}`
              : ''}
          </div>
        </div>
        {issued.steps ? (
          <div className="result-steps">
            <div className="result-steps-title">{k('stepsTitle', lang)}</div>
            <StepList lang={lang} steps={issued.steps} current={0} />
          </div>
        ) : null}
        <div className="result-facts">
          <div className="result-line">{k('ahead', lang, { count: ahead })}</div>
          <div className="result-line">{waitLong(lang, issued.wait)}</div>
          <div className={`result-print${warn ? ' warn' : ''}`} role="status">
            {printLine}
          </div>
        </div>
      </div>
      <div className="result-side">
        <QrCode text={statusUrl(props.hubOrigin, ticket.accessToken)} label={k('scan', lang)} />
        <div className="result-scan">{k('scan', lang)}</div>
        <button type="button" className="button primary" onClick={props.onDone}>
          {k('done', lang)}
        </button>
      </div>
    </div>
  );
}

function Message(props: {
  lang: Lang;
  title: string;
  detail?: string;
  hint?: string;
  children?: ReactNode;
}): ReactNode {
  return (
    <div className="message" role="status">
      <h1>{props.title}</h1>
      {props.detail ? <p className="message-detail">{props.detail}</p> : null}
      {props.hint ? <p>{props.hint}</p> : null}
      {props.children}
    </div>
  );
}

/** Full screen, both languages at once: nobody can take a number now, for a while. */
export function PausedScreen(props: { reason: string[] }): ReactNode {
  return (
    <main className="paused" role="alert" data-testid="paused">
      <h1 lang="zh-CN">{k('pausedTitle', 'zh')}</h1>
      <h2 lang="en">{k('pausedTitle', 'en')}</h2>
      <p className="paused-reason">{props.reason.join(' · ')}</p>
      <p lang="zh-CN">{k('pausedBody', 'zh')}</p>
      <p lang="en">{k('pausedBody', 'en')}</p>
    </main>
  );
}

/**
 * Full screen, both languages at once: no number until the hall opens again (too early, a
 * break, after hours, the day ended), and when that is, from its hours and calendar.
 */
function ClosedScreen(props: {
  state: HallState;
  now: Millis;
  title: (lang: Lang) => string;
  /** When numbers are given again; null when the hours say no time. */
  next: Millis | null;
  body?: (lang: Lang) => string;
}): ReactNode {
  const { timezone } = props.state.config.hall;
  const next = props.next;
  const line = (lang: Lang) =>
    next === null
      ? k('nextUnknown', lang)
      : k('numbersFrom', lang, { when: whenText(next, props.now, timezone, lang) });
  return (
    <main className="paused closed" data-testid="closed">
      <h1 lang="zh-CN">{props.title('zh')}</h1>
      <h2 lang="en">{props.title('en')}</h2>
      <p className="paused-reason" data-testid="next-opening">
        <span lang="zh-CN">{line('zh')}</span>
        <br />
        <span lang="en">{line('en')}</span>
      </p>
      {props.body ? (
        <>
          <p lang="zh-CN">{props.body('zh')}</p>
          <p lang="en">{props.body('en')}</p>
        </>
      ) : null}
    </main>
  );
}

export function printerText(state: PrinterState, lang: Lang): string {
  return PRINTER_TEXT[state][lang];
}
