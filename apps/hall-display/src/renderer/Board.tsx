import type { CSSProperties } from 'react';
import type { ConnectionState, RefusalReason } from '@onestop/shared/client';
import type { DisplayLang } from '../shared/config.js';
import type { Board as BoardModel, CallView, ServiceView, WindowView } from './board/model.js';
import { ACTIVITY, fill, PAUSE, TEXT } from './strings.js';

export interface BoardProps {
  board: BoardModel;
  /** Languages shown, the first one largest. */
  langs: readonly DisplayLang[];
  /** Tickets whose call is new: drawn highlighted. */
  highlighted: ReadonlySet<string>;
  connection: ConnectionState;
  /** Why the hub refused or ended the connection, when `connection` is `refused`. */
  refusal?: RefusalReason | null;
  now: number;
}

function Both({
  text,
  langs,
}: {
  text: Record<DisplayLang, string>;
  langs: readonly DisplayLang[];
}) {
  const [first, ...rest] = langs;
  return (
    <>
      {first && <span lang={first === 'zh' ? 'zh-CN' : 'en'}>{text[first]}</span>}
      {rest.map((l) => (
        <span key={l} className="second" lang={l === 'zh' ? 'zh-CN' : 'en'}>
          {text[l]}
        </span>
      ))}
    </>
  );
}

function windowText(n: number): Record<DisplayLang, string> {
  return { zh: fill(TEXT.windowLabel.zh, n), en: fill(TEXT.windowLabel.en, n) };
}

function Clock({
  now,
  timezone,
  langs,
}: {
  now: number;
  timezone: string;
  langs: readonly DisplayLang[];
}) {
  const lang = langs[0] ?? 'zh';
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  const date = new Intl.DateTimeFormat(locale, {
    timeZone: timezone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  }).format(now);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  return (
    <div className="clock">
      <time className="time" data-testid="clock">
        {time}
      </time>
      <span className="date">{date}</span>
    </div>
  );
}

function CallingNow({
  calls,
  langs,
  highlighted,
}: {
  calls: CallView[];
  langs: readonly DisplayLang[];
  highlighted: ReadonlySet<string>;
}) {
  const [newest, ...others] = calls;
  return (
    <section className="calling" aria-label="calling">
      <h2>
        <Both text={TEXT.nowCalling} langs={langs} />
      </h2>
      {newest ? (
        <div
          className={`call-main${highlighted.has(newest.ticketId) ? ' flash' : ''}`}
          data-testid="call-main"
          data-ticket={newest.number}
        >
          <div className="call-number">{newest.number}</div>
          <div className="call-arrow" aria-hidden="true">
            ➜
          </div>
          <div className="call-window">
            <span className="call-window-number">{newest.windowNumber}</span>
            <span className="call-window-label">
              <Both text={{ zh: '号窗口', en: 'Window' }} langs={langs} />
            </span>
          </div>
        </div>
      ) : (
        <div className="call-none">
          <Both text={TEXT.noCalls} langs={langs} />
        </div>
      )}
      {others.length > 0 && (
        <ul className="call-others">
          {others.slice(0, 3).map((c) => (
            <li key={c.ticketId} className={highlighted.has(c.ticketId) ? 'flash' : ''}>
              <span className="num">{c.number}</span>
              <span className="to">➜</span>
              <span className="win">
                <Both text={windowText(c.windowNumber)} langs={langs} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Recent({ calls, langs }: { calls: CallView[]; langs: readonly DisplayLang[] }) {
  return (
    <section className="recent" aria-label="recent">
      <h2>
        <Both text={TEXT.recentCalls} langs={langs} />
      </h2>
      <ol>
        {calls.map((c) => (
          <li key={c.ticketId}>
            <span className="num">{c.number}</span>
            <span className="win">
              {c.windowNumber}
              <small>{langs[0] === 'en' ? '' : ' 号'}</small>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Two rows of window tiles, at least four to a row. */
export function windowColumns(count: number): number {
  return Math.max(4, Math.ceil(count / 2));
}

/** A window's number, and its ticket or its state (in the second language too, smaller). */
function WindowTile({ w, langs }: { w: WindowView; langs: readonly DisplayLang[] }) {
  const first = langs[0] ?? 'zh';
  const second = langs[1];
  const status =
    w.activity === 'paused' && w.pauseReason ? PAUSE[w.pauseReason] : ACTIVITY[w.activity];
  return (
    <li className={`window is-${w.activity}`} data-testid={`window-${w.windowId}`}>
      <span className="window-number">{w.number}</span>
      {w.ticketNumber !== null ? (
        <span className="window-state">
          <span className="window-ticket">{w.ticketNumber}</span>
        </span>
      ) : (
        <>
          <span className="window-state" lang={first === 'zh' ? 'zh-CN' : 'en'}>
            {status[first]}
          </span>
          {second && (
            <span className="window-state second" lang={second === 'zh' ? 'zh-CN' : 'en'}>
              {status[second]}
            </span>
          )}
        </>
      )}
    </li>
  );
}

function Services({ services, langs }: { services: ServiceView[]; langs: readonly DisplayLang[] }) {
  const first = langs[0] ?? 'zh';
  const second = langs[1];
  return (
    <section className={second ? 'services two' : 'services'} aria-label="services">
      <div className="services-head">
        <span />
        <span>
          <Both text={TEXT.waiting} langs={langs} />
        </span>
        <span>
          <Both text={TEXT.averageWait} langs={langs} />
        </span>
      </div>
      <ul style={{ '--n': Math.max(services.length, 6) } as CSSProperties}>
        {services.map((s) => (
          <li key={s.serviceId} data-testid={`service-${s.serviceId}`}>
            <span className="service-name">
              <b>{s.prefix}</b>
              <span className="service-name-first" lang={first === 'zh' ? 'zh-CN' : 'en'}>
                {s.name[first]}
              </span>
              {second && (
                <span className="second" lang={second === 'zh' ? 'zh-CN' : 'en'}>
                  {s.name[second]}
                </span>
              )}
            </span>
            <span className="service-waiting">{s.waiting}</span>
            <span className="service-avg">
              {s.averageWaitMinutes === null ? (
                '—'
              ) : (
                <>
                  {s.averageWaitMinutes}
                  <small> {TEXT.minutes[first]}</small>
                </>
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The call board: what a visitor reads from ten metres away. */
export function Board({ board, langs, highlighted, connection, refusal, now }: BoardProps) {
  const first = langs[0] ?? 'zh';
  const second = langs[1];
  const notice = board.notice[first];
  return (
    <main className="board">
      <header className="board-head">
        <h1>
          <span>{board.hallName[first]}</span>
          {second && <span className="second">{board.hallName[second]}</span>}
        </h1>
        {connection !== 'online' && (
          <span className="reconnecting" role="status" data-testid="reconnecting">
            <Both
              text={
                connection !== 'refused'
                  ? TEXT.reconnecting
                  : refusal === 'replaced'
                    ? TEXT.replaced
                    : TEXT.refused
              }
              langs={langs}
            />
          </span>
        )}
        <Clock now={now} timezone={board.timezone} langs={langs} />
      </header>
      {!board.dayOpen && (
        <div className="day-closed">
          <Both text={TEXT.dayClosed} langs={langs} />
        </div>
      )}
      <div className="board-body">
        <div className="col-main">
          <CallingNow calls={board.calling} langs={langs} highlighted={highlighted} />
          <section className="windows" aria-label="windows">
            <ul style={{ '--cols': windowColumns(board.windows.length) } as CSSProperties}>
              {board.windows.map((w) => (
                <WindowTile key={w.windowId} w={w} langs={langs} />
              ))}
            </ul>
          </section>
        </div>
        <div className="col-side">
          <Recent calls={board.recent} langs={langs} />
          <Services services={board.services} langs={langs} />
        </div>
      </div>
      <footer className="notice" data-testid="notice">
        {notice}
        {second && board.notice[second] !== '' && (
          <span className="second"> {board.notice[second]}</span>
        )}
      </footer>
    </main>
  );
}
