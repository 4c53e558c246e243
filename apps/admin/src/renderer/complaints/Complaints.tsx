import { useContext, useEffect, useId, useState, type FormEvent } from 'react';
import {
  hallInstant,
  minuteOfDayOf,
  ratingTagText,
  type CaseDeadlineState,
  type ComplaintActionKind,
  type ComplaintFilter,
  type ComplaintView,
  type HallConfig,
  type HallState,
  refusalText,
  type Refusal,
} from '@onestop/shared';
import type { AdminClient } from '../hub.js';
import { timeIn } from '../labels.js';
import { LangContext, useT, type StringKey } from '../strings.js';

const FILTERS: { filter: ComplaintFilter; label: StringKey }[] = [
  { filter: 'open', label: 'filterOpen' },
  { filter: 'overdue', label: 'filterOverdue' },
  { filter: 'closed', label: 'filterClosed' },
  { filter: 'all', label: 'filterAll' },
];
/**
 * Each follow-up, what its text field asks for, and who (`by`) it names: the call-back and the
 * rectification are records of the case (docs/RATINGS.md).
 */
const ACTIONS: {
  action: ComplaintActionKind;
  label: StringKey;
  text: StringKey;
  by: StringKey | null;
}[] = [
  { action: 'note', label: 'actionNote', text: 'textForNote', by: null },
  { action: 'assign', label: 'actionAssign', text: 'textForAssign', by: null },
  { action: 'callback', label: 'actionCallback', text: 'textForCallback', by: 'callbackBy' },
  { action: 'rectify', label: 'actionRectify', text: 'textForRectify', by: 'rectifyBy' },
  { action: 'close', label: 'actionClose', text: 'textForResult', by: null },
  { action: 'mistaken', label: 'actionMistaken', text: 'textForMistaken', by: null },
];

/** A deadline's state as a pill: overdue and due today stand out. */
function DeadlineState(props: { state: CaseDeadlineState }) {
  const t = useT();
  const cls =
    props.state === 'overdue'
      ? 'pill pill-overdue'
      : props.state === 'due_soon'
        ? 'pill pill-paused'
        : 'pill pill-closed';
  return <span className={cls}>{t(`caseState.${props.state}`)}</span>;
}

export function Complaints(props: { client: AdminClient; state: HallState }) {
  const t = useT();
  const lang = useContext(LangContext);
  const { client, state } = props;
  const tz = state.config.hall.timezone;
  const [filter, setFilter] = useState<ComplaintFilter>('open');
  const [list, setList] = useState<ComplaintView[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<Refusal | null>(null);
  // A new complaint arrives as an event in the mirror: reload the list when their count changes.
  const todayCount = state.complaints.size;

  useEffect(() => {
    let live = true;
    void client.command('list_complaints', { filter }).then((ack) => {
      if (!live) return;
      if (ack.ok) setList(ack.result.complaints);
      else setError(ack.error);
    });
    return () => {
      live = false;
    };
  }, [client, filter, todayCount]);

  const current = list.find((c) => c.id === selected) ?? null;
  const [entering, setEntering] = useState(false);
  const serviceName = (id: string | null) =>
    id === null ? '—' : (state.config.services.find((s) => s.id === id)?.name[lang] ?? id);
  const windowNumber = (id: string | null) =>
    id === null ? '—' : (state.config.windows.find((w) => w.id === id)?.number ?? id);
  const entered = (c: ComplaintView) => {
    setList((l) => [c, ...l.filter((x) => x.id !== c.id)]);
    setSelected(c.id);
    setEntering(false);
  };

  return (
    <div className="complaints">
      <div className="toolbar">
        {FILTERS.map((f) => (
          <button
            key={f.filter}
            type="button"
            className={filter === f.filter ? 'chip active' : 'chip'}
            onClick={() => setFilter(f.filter)}
          >
            {t(f.label)}
          </button>
        ))}
        <button type="button" className="secondary" onClick={() => setEntering(!entering)}>
          {t(entering ? 'closeForm' : 'newComplaint')}
        </button>
      </div>
      {entering && <NewComplaint client={client} state={state} onEntered={entered} />}
      {error && (
        <p className="error" role="alert">
          {refusalText(error, lang)}
        </p>
      )}
      <div className="split">
        <section className="panel">
          <table className="grid" data-testid="complaints-table">
            <thead>
              <tr>
                <th>{t('ticket')}</th>
                <th>{t('service')}</th>
                <th>{t('window')}</th>
                <th>{t('clerk')}</th>
                <th className="num">{t('score')}</th>
                <th>{t('openedAt')}</th>
                <th>{t('callbackDue')}</th>
                <th>{t('rectifyDue')}</th>
                <th>{t('assignee')}</th>
                <th>{t('state')}</th>
              </tr>
            </thead>
            <tbody>
              {list.length === 0 && (
                <tr>
                  <td colSpan={10} className="muted">
                    {t('noRows')}
                  </td>
                </tr>
              )}
              {list.map((c) => (
                <tr
                  key={c.id}
                  className={`clickable${c.overdue ? ' overdue' : ''}${c.id === selected ? ' selected' : ''}`}
                  onClick={() => setSelected(c.id)}
                >
                  <td>
                    <b>{c.ticketNumber}</b>
                  </td>
                  <td>{serviceName(c.serviceId)}</td>
                  <td>{windowNumber(c.windowId)}</td>
                  <td>{c.staffCode ?? '—'}</td>
                  <td className="num">{c.score ?? '—'}</td>
                  <td>{timeIn(c.openedAt, tz).slice(0, 16)}</td>
                  <td>
                    {timeIn(c.callbackDueAt, tz).slice(5, 16)}{' '}
                    <DeadlineState state={c.callbackState} />
                  </td>
                  <td>
                    {timeIn(c.deadlineAt, tz).slice(0, 10)} <DeadlineState state={c.rectifyState} />
                  </td>
                  <td>{c.assignee ?? '—'}</td>
                  <td>
                    {c.overdue ? (
                      <span className="pill pill-overdue">{t('overdue')}</span>
                    ) : (
                      <span className={`pill pill-${c.status}`}>
                        {t(c.status === 'open' ? 'filterOpen' : 'filterClosed')}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="panel detail">
          {current ? (
            <ComplaintDetail
              key={current.id}
              complaint={current}
              client={client}
              config={state.config}
              tz={tz}
              onChanged={(c) => setList((l) => l.map((x) => (x.id === c.id ? c : x)))}
            />
          ) : (
            <p className="muted">{t('selectComplaint')}</p>
          )}
        </section>
      </div>
    </div>
  );
}

function ComplaintDetail(props: {
  complaint: ComplaintView;
  client: AdminClient;
  config: HallConfig;
  tz: string;
  onChanged: (c: ComplaintView) => void;
}) {
  const t = useT();
  const lang = useContext(LangContext);
  const { complaint: c, tz } = props;
  const [action, setAction] = useState<ComplaintActionKind>('note');
  const [text, setText] = useState('');
  const [by, setBy] = useState('');
  /** When the visitor was reached, `YYYY-MM-DDTHH:MM` in the hall's time; empty: now. */
  const [reached, setReached] = useState('');
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const chosen = ACTIONS.find((a) => a.action === action) ?? ACTIONS[0];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const at =
      action === 'callback' && reached
        ? hallInstant(reached.slice(0, 10), minuteOfDayOf(reached.slice(11, 16)), tz)
        : undefined;
    const ack = await props.client.command('complaint_action', {
      complaintId: c.id,
      action,
      text,
      ...(chosen?.by ? { by } : {}),
      ...(at === undefined ? {} : { at }),
    });
    if (ack.ok) {
      props.onChanged(ack.result.complaint);
      setText('');
      setBy('');
      setReached('');
      setError(null);
    } else setError(refusalText(ack.error, lang));
  };

  return (
    <div>
      <h2>
        {c.source === 'manual'
          ? `${t('enteredByHand')} ${c.ticketNumber}`
          : `${t('ticket')} ${c.ticketNumber} · ${t('score')} ${c.score ?? '—'}`}
        {c.overdue && <span className="pill pill-overdue">{t('overdue')}</span>}
      </h2>
      <dl className="facts">
        {c.source === 'manual' ? (
          <>
            <dt>{t('contactMasked')}</dt>
            <dd>{c.contact ?? '—'}</dd>
            <dt>{t('complaintSummary')}</dt>
            <dd>{c.summary ?? '—'}</dd>
          </>
        ) : (
          <>
            <dt>{t('reasons')}</dt>
            <dd>
              {c.reasons.length
                ? c.reasons.map((x) => ratingTagText(x, props.config, lang)).join('；')
                : '—'}
            </dd>
          </>
        )}
        <dt>{t('callbackDue')}</dt>
        <dd>
          {timeIn(c.callbackDueAt, tz)} <DeadlineState state={c.callbackState} />
        </dd>
        <dt>{t('rectifyDue')}</dt>
        <dd>
          {timeIn(c.deadlineAt, tz)} <DeadlineState state={c.rectifyState} />
        </dd>
        <dt>{t('assignee')}</dt>
        <dd>{c.assignee ?? '—'}</dd>
        <dt>{t('callback')}</dt>
        <dd data-testid="case-callback">
          {c.callback
            ? `${timeIn(c.callback.at, tz)} · ${c.callback.by} · ${t('visitorSaid')}: ${c.callback.visitorSaid}`
            : '—'}
        </dd>
        <dt>{t('rectification')}</dt>
        <dd data-testid="case-rectification">
          {c.rectification ? `${c.rectification.what} · ${c.rectification.by}` : '—'}
        </dd>
        <dt>{t('closedAs')}</dt>
        <dd>{c.closedAs ? t(`closedAs.${c.closedAs}`) : '—'}</dd>
        <dt>{t('outcome')}</dt>
        <dd>{c.outcome ?? '—'}</dd>
      </dl>
      <h3>{t('followUps')}</h3>
      <ol className="followups">
        {c.followUps.map((f, i) => (
          <li key={i}>
            <time>{timeIn(f.at, tz)}</time> <b>{f.staffCode}</b> ·{' '}
            {t(ACTIONS.find((a) => a.action === f.action)?.label ?? 'actionNote')}
            {f.text && <>: {f.text}</>}
            {f.by && <> ({f.by})</>}
          </li>
        ))}
      </ol>
      {c.status === 'open' && (
        <form
          className="followup-form"
          aria-label={t('addFollowUp')}
          onSubmit={(e) => void submit(e)}
        >
          <label>
            <span>{t('followUpAction')}</span>
            <select
              name="action"
              value={action}
              onChange={(e) => setAction(e.target.value as ComplaintActionKind)}
            >
              {ACTIONS.map((a) => (
                <option key={a.action} value={a.action}>
                  {t(a.label)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t(chosen?.text ?? 'textForNote')}</span>
            <input
              name="text"
              value={text}
              maxLength={200}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              onChange={(e) => setText(e.target.value)}
            />
          </label>
          {chosen?.by && (
            <label>
              <span>{t(chosen.by)}</span>
              <input
                name="by"
                value={by}
                maxLength={40}
                required
                onChange={(e) => setBy(e.target.value)}
              />
            </label>
          )}
          {action === 'callback' && (
            <label>
              <span>{t('callbackTime')}</span>
              <input
                name="at"
                type="datetime-local"
                value={reached}
                onChange={(e) => setReached(e.target.value)}
              />
            </label>
          )}
          {error && (
            <p className="error" role="alert" id={errorId}>
              {error}
            </p>
          )}
          <button type="submit">{t('submit')}</button>
        </form>
      )}
    </div>
  );
}

/** Enters a complaint by hand: the visitor's phone (kept masked by the hub) and what happened. */
function NewComplaint(props: {
  client: AdminClient;
  state: HallState;
  onEntered: (c: ComplaintView) => void;
}) {
  const t = useT();
  const lang = useContext(LangContext);
  const { config } = props.state;
  const [contact, setContact] = useState('');
  const [summary, setSummary] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [windowId, setWindowId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ack = await props.client.command('open_complaint', {
      contact: contact.trim(),
      summary,
      serviceId: serviceId || null,
      windowId: windowId || null,
      staffCode: null,
      ticketId: null,
    });
    if (ack.ok) props.onEntered(ack.result.complaint);
    else setError(refusalText(ack.error, lang));
  };
  return (
    <form
      className="panel toolbar new-complaint"
      aria-label={t('newComplaint')}
      onSubmit={(e) => void submit(e)}
    >
      <label>
        {t('contactPhone')}
        <input
          name="contact"
          type="tel"
          value={contact}
          required
          maxLength={24}
          autoComplete="off"
          onChange={(e) => setContact(e.target.value)}
        />
      </label>
      <label className="grow">
        {t('complaintSummary')}
        <input
          name="summary"
          value={summary}
          required
          maxLength={200}
          onChange={(e) => setSummary(e.target.value)}
        />
      </label>
      <label>
        {t('service')}
        <select name="serviceId" value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
          <option value="">{t('notSpecified')}</option>
          {config.services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.prefix} {s.name[lang]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('window')}
        <select name="windowId" value={windowId} onChange={(e) => setWindowId(e.target.value)}>
          <option value="">{t('notSpecified')}</option>
          {config.windows.map((w) => (
            <option key={w.id} value={w.id}>
              {w.number}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{t('submit')}</button>
      <span className="muted">{t('deadlineNote')}</span>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
