import { useState, type ReactNode } from 'react';
import { errorMessage, refusalText, t, type Lang } from '@onestop/shared';
import { aheadOf } from './model.js';
import { AssistButton } from './elder/AssistButton.js';
import { GuideScreen, guideOf, guideSpeech } from './elder/GuideScreen.js';
import { LargeDepartment, LargeHome } from './elder/LargeScreens.js';
import { ReadAloud } from './elder/ReadAloud.js';
import { printerBlocks, printerText } from '../shared/printer-status.js';
import { departmentTiles, visitTiles, type ServiceTile } from './model.js';
import { nextDayOpening } from './opening.js';
import { CardScreen } from './screens/CardScreen.js';
import { CheckInScreen } from './screens/CheckIn.js';
import { StaffPinScreen } from './screens/StaffPinScreen.js';
import { ClosedScreen } from './screens/ClosedScreen.js';
import { DepartmentScreen } from './screens/DepartmentScreen.js';
import { GreenConfirm } from './screens/GreenConfirm.js';
import { PhoneStep } from './screens/PhoneStep.js';
import { HomeScreen } from './screens/HomeScreen.js';
import { Message } from './screens/Message.js';
import { PausedScreen } from './screens/PausedScreen.js';
import {
  closedNowOf,
  firstOpening,
  sameDay,
  unavailableText,
  visitReasonText,
} from './screens/reasons.js';
import { RemoteConfirmScreen } from './screens/RemoteConfirm.js';
import { ResultScreen } from './screens/ResultScreen.js';
import { VisitConfirm } from './screens/VisitConfirm.js';
import { useKiosk, type KioskOptions } from './useKiosk.js';

export { DEFAULT_TIMINGS, type KioskTimings } from './useKiosk.js';
export { PausedScreen } from './screens/PausedScreen.js';

export interface KioskProps extends KioskOptions {
  /** Stop offering tickets while the printer cannot print (the kiosk's config). */
  stopWhenPrinterFails?: boolean;
}

/** The kiosk: which screen the hall and the visitor's touches call for, under its header. */
export function Kiosk(props: KioskProps): ReactNode {
  const kiosk = useKiosk(props);
  const { connection, state, now, clockKnown, lang, priority, screen, setScreen, goHome } = kiosk;
  const { hubOrigin } = props;
  const printer = kiosk.printer;
  // 适老化: what the large mode's current page says aloud (set by the screen showing it).
  const [pageSpeech, setPageSpeech] = useState('');
  let speech = '';

  /** A choice removed at the console while the visitor looked at it: one button away. */
  const gone = (label: string, onClick: () => void): ReactNode => (
    <Message
      lang={lang}
      title={t('kiosk.failed', lang)}
      detail={errorMessage('service_unknown', lang)}
    >
      <button type="button" className="button primary" onClick={onClick}>
        {label}
      </button>
    </Message>
  );

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
      : t('kiosk.notAvailable', l);
  if (screen.kind === 'result') {
    const ticket = screen.issued.ticket;
    speech = t('kiosk.large.sayTicket', lang, {
      number: ticket.number.split('').join(' '),
      count: aheadOf(state, ticket),
    });
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
        title={(l) => t('kiosk.dayEndedTitle', l)}
        next={nextDayOpening(state, now)}
        body={(l) => t('kiosk.dayEndedBody', l)}
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
        title={(l) => t(later ? 'kiosk.notNowTitle' : 'kiosk.numbersEndedTitle', l)}
        next={next}
      />
    );
  } else {
    const assistButton = (
      <AssistButton
        lang={lang}
        state={state}
        requestId={kiosk.assistId}
        failed={kiosk.assistFailed}
        onCall={() => void kiosk.requestAssist()}
      />
    );
    // 远程取号确认: offered where the hall takes numbers from the phone.
    const remoteEntry = state.config.hall.remote?.enabled === true && (
      <button
        type="button"
        className={`button remote-entry${kiosk.large ? ' large-remote' : ''}`}
        onClick={() => setScreen({ kind: 'remote' })}
      >
        <span className="green-title">{t('kiosk.remote.entry', lang)}</span>
        <span className="green-who">{t('kiosk.remote.entryWho', lang)}</span>
      </button>
    );
    switch (screen.kind) {
      case 'home':
        if (kiosk.large) {
          speech = pageSpeech;
          body = (
            <LargeHome
              lang={lang}
              tiles={tiles}
              reason={(d, l) => unavailableText(state, d.services, now, l, 'any')}
              onDepartment={(departmentId) => setScreen({ kind: 'department', departmentId })}
              onSpeech={setPageSpeech}
              extra={
                <>
                  {remoteEntry}
                  {assistButton}
                </>
              }
            />
          );
          break;
        }
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
            remote={remoteEntry}
            elder={
              <div className="home-elder">
                <button
                  type="button"
                  className="button large-enter"
                  onClick={() => kiosk.setLarge(true)}
                >
                  <span className="green-title">{t('kiosk.large.enter', lang)}</span>
                  <span className="green-who">{t('kiosk.large.enterWho', lang)}</span>
                </button>
                {assistButton}
              </div>
            }
          />
        );
        break;
      case 'appointment':
        body = (
          <CheckInScreen
            lang={lang}
            graceMinutes={state.config.hall.policy.appointmentGraceMinutes}
            onCheckIn={kiosk.checkIn}
            onBack={goHome}
          />
        );
        break;
      case 'remote':
        speech = t('kiosk.remote.codePrompt', lang);
        body = (
          <RemoteConfirmScreen
            lang={lang}
            confirmMinutes={state.config.hall.remote?.confirmWithinMinutes ?? 0}
            reader={kiosk.cardReader ? props.api : null}
            onConfirm={kiosk.confirmRemote}
            onBack={goHome}
          />
        );
        break;
      case 'department': {
        const tile = tiles.find((d) => d.department.id === screen.departmentId);
        if (kiosk.large && tile) {
          speech = pageSpeech;
          body = (
            <LargeDepartment
              lang={lang}
              tile={tile}
              estimates={clockKnown}
              reason={reasonText}
              onService={(s) => void kiosk.issue(s)}
              onBack={() => setScreen({ kind: 'home' })}
              onSpeech={setPageSpeech}
            />
          );
          break;
        }
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
            onService={(s) => void kiosk.issue(s)}
          />
        ) : null;
        break;
      }
      case 'guide': {
        const tile = tiles
          .find((d) => d.department.id === screen.departmentId)
          ?.services.find((s) => s.service.id === screen.serviceId);
        const guide = tile ? guideOf(tile.service) : null;
        const back = () => setScreen({ kind: 'department', departmentId: screen.departmentId });
        if (tile && guide) {
          speech = guideSpeech(tile.service, guide, lang);
          body = (
            <GuideScreen
              lang={lang}
              service={tile.service}
              guide={guide}
              onConfirm={() => void kiosk.issue(tile, { guideRead: true })}
              onBack={back}
            />
          );
        } else {
          // Changed at the console meanwhile: the department's services again.
          body = gone(t('kiosk.back', lang), back);
        }
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
            onConfirm={() => void kiosk.issueVisit(tile)}
            onCancel={back}
          />
        ) : (
          // Removed at the console meanwhile.
          gone(t('kiosk.home', lang), goHome)
        );
        break;
      }
      case 'green_confirm':
        body = (
          <GreenConfirm
            lang={lang}
            onConfirm={() => {
              kiosk.setPriority(true);
              setScreen({ kind: 'home' });
            }}
            onCancel={goHome}
          />
        );
        break;
      case 'phone': {
        const tile = screen.tile;
        body = (
          <PhoneStep
            lang={lang}
            onDone={(phone) =>
              void kiosk.issue(tile, {
                guideRead: true,
                card: screen.card,
                phone,
                ...(screen.staffPin === undefined ? {} : { staffPin: screen.staffPin }),
              })
            }
            onBack={goHome}
          />
        );
        break;
      }
      case 'card': {
        const choice = screen.choice;
        body = props.api ? (
          <CardScreen
            lang={lang}
            api={props.api}
            onCard={(card) => kiosk.cardDone(choice, card)}
            onNoCard={() => kiosk.cardDone(choice, null)}
            onCancel={goHome}
          />
        ) : null;
        break;
      }
      case 'ask_staff':
        body = (
          <Message
            lang={lang}
            title={t('kiosk.card.askStaffTitle', lang)}
            hint={t('kiosk.card.askStaffBody', lang)}
          >
            {assistButton}
            {kiosk.assistAnswered && (
              <button
                type="button"
                className="button primary"
                data-testid="staff-issue"
                onClick={() => kiosk.issueWithStaff(screen.choice)}
              >
                {t('kiosk.card.staffIssue', lang)}
              </button>
            )}
            <button
              type="button"
              className="button"
              data-testid="staff-pin-open"
              onClick={() =>
                setScreen({ kind: 'staff_pin', choice: screen.choice, error: null, staffCode: '' })
              }
            >
              {t('kiosk.staffPin.open', lang)}
            </button>
            <button type="button" className="button" onClick={goHome}>
              {t('kiosk.home', lang)}
            </button>
          </Message>
        );
        break;
      case 'staff_pin': {
        const choice = screen.choice;
        body = (
          <StaffPinScreen
            lang={lang}
            error={screen.error}
            staffCode={screen.staffCode}
            onSubmit={(pin) => kiosk.issueWithPin(choice, pin)}
            onBack={() => setScreen({ kind: 'ask_staff', choice })}
          />
        );
        break;
      }
      case 'issuing':
        body = <Message lang={lang} title={t('kiosk.issuing', lang)} />;
        break;
      case 'failed': {
        // One number per person: trying again later would not help, the staff can.
        const limited = screen.code === 'id_limit_reached';
        body = (
          <Message
            lang={lang}
            title={t(limited ? 'kiosk.card.refused' : 'kiosk.failed', lang)}
            detail={
              screen.refusal ? refusalText(screen.refusal, lang) : errorMessage(screen.code, lang)
            }
            {...(limited ? {} : { hint: t('kiosk.retryLater', lang) })}
          >
            <button type="button" className="button primary" onClick={goHome}>
              {t('kiosk.home', lang)}
            </button>
          </Message>
        );
        break;
      }
    }
  }

  return (
    <div
      className={`kiosk${priority ? ' kiosk-priority' : ''}${kiosk.large ? ' kiosk-large' : ''}`}
      lang={lang === 'zh' ? 'zh-CN' : 'en'}
      onPointerDown={kiosk.touched}
    >
      <header className="kiosk-header">
        <div className="kiosk-hall">
          <span className="kiosk-hall-name">{state?.config.hall.name[lang]}</span>
          <span className="kiosk-title">{t('kiosk.title', lang)}</span>
        </div>
        {kiosk.offered.length > 1 && (
          <button type="button" className="button lang" onClick={kiosk.switchLang}>
            {t('kiosk.switchLang', lang)}
          </button>
        )}
      </header>
      {priority && screen.kind !== 'result' ? (
        <div className="kiosk-priority-banner">
          <span role="status">{t('kiosk.greenActive', lang)}</span>
          {/* A mistaken touch, or a visitor who does not qualify: back to a normal number. */}
          <button
            type="button"
            className="button green-cancel"
            onClick={() => kiosk.setPriority(false)}
          >
            {t('kiosk.greenCancel', lang)}
          </button>
        </div>
      ) : null}
      {kiosk.large ? (
        <ReadAloud
          text={speech}
          lang={lang}
          speaker={kiosk.speaker}
          onLeave={() => kiosk.setLarge(false)}
        />
      ) : null}
      <main className="kiosk-body">{body}</main>
    </div>
  );
}
