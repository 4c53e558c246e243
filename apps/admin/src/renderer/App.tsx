import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Lang } from '@onestop/shared';
import { Audit } from './audit/Audit.js';
import { Book, bookApi } from './book/Book.js';
import { Outbox, outboxApi } from './outbox/Outbox.js';
import { Complaints } from './complaints/Complaints.js';
import { Config } from './config/Config.js';
import { Instructions } from './instructions/Instructions.js';
import { Uploads } from './uploads/Uploads.js';
import { useHub } from './hub.js';
import { Login } from './Login.js';
import { Monitor } from './monitor/Monitor.js';
import { Reports } from './reports/Reports.js';
import { TABS, useRoute, type Tab } from './route.js';
import { clearSession, loadSession, saveSession, type AdminSession } from './session.js';
import { LangContext, adminText, type StringKey } from './strings.js';

const TAB_LABEL: Record<Tab, StringKey> = {
  monitor: 'tabMonitor',
  book: 'tabBook',
  outbox: 'tabOutbox',
  reports: 'tabReports',
  complaints: 'tabComplaints',
  instructions: 'tabInstructions',
  uploads: 'tabUploads',
  config: 'tabConfig',
  audit: 'tabAudit',
};
const ADMIN_ONLY: readonly Tab[] = ['config'];

export function App() {
  const base = window.location.origin;
  const [lang, setLang] = useState<Lang>('zh');
  const [session, setSession] = useState<AdminSession | null>(() =>
    loadSession(window.sessionStorage, Date.now()),
  );
  const [notice, setNotice] = useState<StringKey | null>(null);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);

  const onLogin = (s: AdminSession) => {
    saveSession(window.sessionStorage, s);
    setNotice(null);
    setSession(s);
  };
  const logout = useCallback((why: StringKey | null) => {
    clearSession(window.sessionStorage);
    setNotice(why);
    setSession(null);
  }, []);

  return (
    <LangContext.Provider value={lang}>
      {session ? (
        <Console
          key={session.token}
          base={base}
          session={session}
          lang={lang}
          onLang={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          onLogout={logout}
        />
      ) : (
        <>
          <button
            className="lang"
            type="button"
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          >
            {adminText('language', lang)}
          </button>
          <Login base={base} onLogin={onLogin} notice={notice} />
        </>
      )}
    </LangContext.Provider>
  );
}

function Console(props: {
  base: string;
  session: AdminSession;
  lang: Lang;
  onLang: () => void;
  onLogout: (why: StringKey | null) => void;
}) {
  const { session, lang, onLogout } = props;
  const { client, state, version, connection } = useHub(session.token, props.base);
  const [route, go] = useRoute();
  const isAdmin = session.role === 'admin';
  const apis = useMemo(
    () => (client ? { book: bookApi(client), outbox: outboxApi(client) } : null),
    [client],
  );
  // A supervisor sent a configuration address sees the monitor.
  const tab: Tab = route.tab === 'config' && !isAdmin ? 'monitor' : route.tab;

  useEffect(() => {
    if (connection === 'refused') onLogout('sessionEnded');
  }, [connection, onLogout]);

  const roleLabel: StringKey =
    session.role === 'admin'
      ? 'roleAdmin'
      : session.role === 'supervisor'
        ? 'roleSupervisor'
        : 'roleClerk';
  const hallName = state?.config.hall.name[lang] ?? '';

  return (
    <div className="console">
      <header className="top">
        <div className="brand" title={hallName}>
          <strong>OneStop</strong> {adminText('title', lang)}
          {hallName && <span className="hall"> · {hallName}</span>}
        </div>
        <nav className="tabs" role="tablist">
          {TABS.filter((x) => isAdmin || !ADMIN_ONLY.includes(x)).map((x) => (
            <button
              key={x}
              role="tab"
              type="button"
              aria-selected={tab === x}
              className={tab === x ? 'tab active' : 'tab'}
              onClick={() => go({ ...route, tab: x, item: x === 'config' ? route.item : null })}
            >
              {adminText(TAB_LABEL[x], lang)}
            </button>
          ))}
        </nav>
        <div className="who">
          <span className={`conn conn-${connection}`} title={connection}>
            {connection === 'online'
              ? '●'
              : connection === 'offline'
                ? adminText('offline', lang)
                : adminText('connecting', lang)}
          </span>
          <span>
            {session.name} ({adminText(roleLabel, lang)})
          </span>
          {/* In the bar, not floating: a floating button would cover tables and charts. */}
          <button type="button" className="secondary" onClick={props.onLang}>
            {adminText('language', lang)}
          </button>
          <button type="button" className="secondary" onClick={() => onLogout(null)}>
            {adminText('logout', lang)}
          </button>
        </div>
      </header>
      <main className="content">
        {!client || !state ? (
          <p className="muted">{adminText('connecting', lang)}</p>
        ) : tab === 'book' && apis ? (
          <Book api={apis.book} state={state} isAdmin={isAdmin} />
        ) : tab === 'outbox' && apis ? (
          <Outbox api={apis.outbox} state={state} isAdmin={isAdmin} />
        ) : tab === 'reports' ? (
          <Reports client={client} state={state} />
        ) : tab === 'complaints' ? (
          <Complaints client={client} state={state} />
        ) : tab === 'instructions' ? (
          <Instructions client={client} state={state} />
        ) : tab === 'uploads' ? (
          <Uploads client={client} state={state} isAdmin={isAdmin} />
        ) : tab === 'config' ? (
          <Config
            client={client}
            state={state}
            version={version}
            page={route.page}
            item={route.item}
            onItem={(item) => go({ ...route, item })}
            photos={{ base: props.base, token: session.token }}
          />
        ) : tab === 'audit' ? (
          <Audit client={client} state={state} />
        ) : (
          <Monitor
            client={client}
            state={state}
            version={version}
            base={props.base}
            token={session.token}
          />
        )}
      </main>
    </div>
  );
}
