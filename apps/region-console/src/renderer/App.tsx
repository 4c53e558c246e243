import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { t, type Lang, type TextKey } from '@onestop/shared';

/*
 * The regional console (docs/REGION.md, "The regional console"): sign in, every hall of the
 * account live over server-sent events, supervision instructions (督办) given and their answers.
 * Chinese by default; English by the switch.
 */

type RegionKey = TextKey extends infer K ? (K extends `region.${infer R}` ? R : never) : never;
const tr = (key: RegionKey, lang: Lang, params?: Record<string, string | number>): string =>
  t(`region.${key}` as TextKey, lang, params);

interface Account {
  id: string;
  name: string;
  role: 'region_admin' | 'supervisor';
  halls: 'all' | string[];
}

type Link =
  | { state: 'never' }
  | { state: 'caught_up'; lastContact: number }
  | { state: 'behind'; behind: number; lastContact: number }
  | { state: 'offline'; since: number };

type Alert = 'long_wait' | 'complaint' | 'instruction_overdue' | 'offline';

interface Hall {
  hallId: string;
  name: string;
  link: Link;
  waiting: number;
  openWindows: number;
  longestWaitSince: number | null;
  alerts: Alert[];
}

interface Instruction {
  id: string;
  hallId: string;
  hallName: string;
  complaintId: string | null;
  text: string;
  deadline: number;
  issuedBy: string;
  receivedAt: number | null;
  answer: string | null;
  answeredBy: string | null;
}

const clock = (ms: number): string => new Date(ms).toLocaleString('zh-CN', { hour12: false });

function linkText(link: Link, lang: Lang): string {
  switch (link.state) {
    case 'never':
      return tr('link.never', lang);
    case 'caught_up':
      return tr('link.caught_up', lang);
    case 'behind':
      return tr('link.behind', lang, { n: link.behind });
    case 'offline':
      return tr('link.offline', lang, { time: clock(link.since) });
  }
}

async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export function App() {
  const [lang, setLang] = useState<Lang>('zh');
  const [account, setAccount] = useState<Account | null | 'unknown'>('unknown');
  useEffect(() => {
    void api<{ account: Account }>('GET', '/api/console/me').then((r) =>
      setAccount(r.status === 200 ? r.body.account : null),
    );
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  if (account === 'unknown') return null;
  return (
    <>
      <header>
        <h1>{tr('title', lang)}</h1>
        {account !== null ? (
          <span>
            {account.name} · {tr(`role.${account.role}`, lang)}
          </span>
        ) : null}
        <button type="button" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {tr('language', lang)}
        </button>
        {account !== null ? (
          <button
            type="button"
            onClick={() => void api('POST', '/api/console/logout', {}).then(() => setAccount(null))}
          >
            {tr('signOut', lang)}
          </button>
        ) : null}
      </header>
      <main>
        {account === null ? <Login lang={lang} onDone={setAccount} /> : <Board lang={lang} />}
      </main>
    </>
  );
}

function Login(props: { lang: Lang; onDone: (a: Account) => void }) {
  const { lang } = props;
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [failed, setFailed] = useState(false);
  const ids = [useId(), useId()];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await api<{ account: Account }>('POST', '/api/console/login', { name, password });
    if (r.status === 200) props.onDone(r.body.account);
    else setFailed(true);
  };
  return (
    <form className="login" onSubmit={(e) => void submit(e)}>
      <label htmlFor={ids[0]}>{tr('name', lang)}</label>
      <input id={ids[0]} value={name} onChange={(e) => setName(e.target.value)} required />
      <label htmlFor={ids[1]}>{tr('password', lang)}</label>
      <input
        id={ids[1]}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        required
      />
      <button type="submit">{tr('signIn', lang)}</button>
      {failed ? <p role="alert">{tr('loginFailed', lang)}</p> : null}
    </form>
  );
}

function Board(props: { lang: Lang }) {
  const { lang } = props;
  const [halls, setHalls] = useState<Hall[] | null>(null);
  const [live, setLive] = useState(false);
  const [now, setNow] = useState(0);
  const [instructions, setInstructions] = useState<Instruction[]>([]);
  const loadInstructions = useCallback(() => {
    void api<{ instructions: Instruction[] }>('GET', '/api/console/instructions').then((r) => {
      if (r.status === 200) setInstructions(r.body.instructions);
    });
  }, []);
  useEffect(() => {
    const source = new EventSource('/api/console/live');
    source.addEventListener('open', () => setLive(true));
    source.addEventListener('error', () => setLive(false));
    source.addEventListener('board', (e) => {
      setHalls((JSON.parse((e as MessageEvent<string>).data) as { halls: Hall[] }).halls);
      setNow(Date.now());
      loadInstructions();
    });
    source.addEventListener('hall', (e) => {
      const row = JSON.parse((e as MessageEvent<string>).data) as Hall;
      setHalls((list) => (list ?? []).map((h) => (h.hallId === row.hallId ? row : h)));
      setNow(Date.now());
      loadInstructions();
    });
    return () => source.close();
  }, [loadInstructions]);
  if (halls === null) return <p className="muted">…</p>;
  return (
    <>
      <h2>
        {tr('halls', lang)}{' '}
        <small className="muted">{live ? tr('live', lang) : tr('reconnecting', lang)}</small>
      </h2>
      {halls.length === 0 ? <p>{tr('noHalls', lang)}</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">{tr('hall', lang)}</th>
            <th scope="col">{tr('link', lang)}</th>
            <th scope="col">{tr('waiting', lang)}</th>
            <th scope="col">{tr('openWindows', lang)}</th>
            <th scope="col">{tr('longestWait', lang)}</th>
            <th scope="col">{tr('alerts', lang)}</th>
          </tr>
        </thead>
        <tbody>
          {halls.map((h) => (
            <tr key={h.hallId} data-hall={h.hallId}>
              <th scope="row">{h.name}</th>
              <td className={h.link.state === 'offline' ? 'offline' : ''}>
                {linkText(h.link, lang)}
              </td>
              <td data-field="waiting">{h.waiting}</td>
              <td data-field="windows">{h.openWindows}</td>
              <td>
                {h.longestWaitSince === null
                  ? '—'
                  : tr('minutes', lang, {
                      n: Math.max(0, Math.floor((now - h.longestWaitSince) / 60_000)),
                    })}
              </td>
              <td className={h.alerts.length === 0 ? 'muted' : 'alert'}>
                {h.alerts.length === 0
                  ? tr('none', lang)
                  : h.alerts.map((a) => tr(`alert.${a}`, lang)).join('、')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewInstruction lang={lang} halls={halls} onSent={loadInstructions} />
      <h2>{tr('instructions', lang)}</h2>
      {instructions.length === 0 ? <p className="muted">{tr('noInstructions', lang)}</p> : null}
      <ul className="instructions">
        {instructions.map((i) => (
          <li key={i.id} data-instruction={i.id}>
            <strong>{i.hallName}</strong>: {i.text}
            <div className="muted">
              {tr('deadline', lang)} {clock(i.deadline)} · {i.issuedBy} ·{' '}
              {i.receivedAt === null ? tr('pending', lang) : tr('received', lang)}
            </div>
            <div data-field="answer">
              {tr('answer', lang)}:{' '}
              {i.answer === null ? tr('noAnswer', lang) : `${i.answer} (${i.answeredBy ?? ''})`}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

function NewInstruction(props: { lang: Lang; halls: Hall[]; onSent: () => void }) {
  const { lang, halls } = props;
  const [hallId, setHallId] = useState('');
  const [text, setText] = useState('');
  const [days, setDays] = useState('3');
  const [complaintId, setComplaintId] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const ids = [useId(), useId(), useId(), useId()];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await api<{ message?: string }>('POST', '/api/console/instructions', {
      hallId: hallId === '' ? (halls[0]?.hallId ?? '') : hallId,
      complaintId: complaintId.trim() === '' ? null : complaintId.trim(),
      text,
      deadline: Date.now() + Math.max(1, Number(days) || 1) * 86_400_000,
    });
    if (r.status === 200) {
      setText('');
      setMessage(tr('sent', lang));
      props.onSent();
    } else setMessage(tr('sendFailed', lang, { message: r.body.message ?? String(r.status) }));
  };
  return (
    <form className="instruction" onSubmit={(e) => void submit(e)}>
      <h2>{tr('newInstruction', lang)}</h2>
      <label htmlFor={ids[0]}>{tr('hall', lang)}</label>
      <select id={ids[0]} value={hallId} onChange={(e) => setHallId(e.target.value)}>
        {halls.map((h) => (
          <option key={h.hallId} value={h.hallId}>
            {h.name}
          </option>
        ))}
      </select>
      <label htmlFor={ids[1]}>{tr('instructionText', lang)}</label>
      <textarea
        id={ids[1]}
        value={text}
        maxLength={1000}
        onChange={(e) => setText(e.target.value)}
        required
      />
      <label htmlFor={ids[2]}>{tr('deadlineDays', lang)}</label>
      <input
        id={ids[2]}
        type="number"
        min={1}
        max={60}
        value={days}
        onChange={(e) => setDays(e.target.value)}
      />
      <label htmlFor={ids[3]}>{tr('complaintId', lang)}</label>
      <input id={ids[3]} value={complaintId} onChange={(e) => setComplaintId(e.target.value)} />
      <button type="submit">{tr('send', lang)}</button>
      {message !== null ? <p role="status">{message}</p> : null}
    </form>
  );
}
