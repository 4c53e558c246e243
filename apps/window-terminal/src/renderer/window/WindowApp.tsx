import { useCallback, useEffect, useState } from 'react';
import { type StaffIdentity, t } from '@onestop/shared';
import { PairScreen, useHallNow, usePairing } from '@onestop/app-common';
import { useHub } from '../common/useHub.js';
import type { PadDisplay, SerialDeviceStatus } from '../../shared/preload-api.js';
import { deviceReport, ledContentFor, ledFromKey, ledKey } from './model.js';
import { Terminal, type PadAction } from './Terminal.js';

const STAFF_KEY = 'onestop.window.staff';
/** The clerk's login token (`staff_login`'s `session`): resumes the login after a reconnect. */
const SESSION_KEY = 'onestop.window.session';

function loadSession(): string | null {
  const token = sessionStorage.getItem(SESSION_KEY);
  return token !== null && /^[A-Za-z0-9_-]{1,512}$/.test(token) ? token : null;
}

function loadStaff(): StaffIdentity | null {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(STAFF_KEY) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return null;
    const s = parsed as Record<string, unknown>;
    if (typeof s.code !== 'string' || typeof s.name !== 'string') return null;
    if (s.role !== 'clerk' && s.role !== 'supervisor' && s.role !== 'admin') return null;
    return { code: s.code, name: s.name, role: s.role };
  } catch {
    return null;
  }
}

/** The /window page: paired once, then the clerk's terminal for the window it is bound to. */
export function WindowApp() {
  const pairing = usePairing('window', 'window');
  const token = pairing.pairing?.token ?? null;
  const windowId = pairing.pairing?.windowId ?? '';

  const hub = useHub('window', token);

  const client = hub.client;
  // The hall's time (the hub's clock), for waits and what the engine allows now.
  const now = useHallNow(client);
  const [pad, setPad] = useState<{ action: PadAction; seq: number } | null>(null);

  // In the Electron shell the call pad's keys arrive through the preload API.
  useEffect(() => {
    const api = window.onestopWindow;
    if (!api) return;
    let seq = 0;
    return api.onPadKey((input) => setPad({ action: input, seq: ++seq }));
  }, []);
  const onPadAnswer = useCallback((display: PadDisplay) => {
    window.onestopWindow?.showOnPad(display);
  }, []);

  // The LED screen follows the window: the called number, paused or closed.
  // Sent again only when what it shows changes: the effect depends on the content's key.
  const ledShown = ledKey(ledContentFor(hub.state, pairing.pairing?.windowId ?? ''));
  useEffect(() => {
    window.onestopWindow?.showOnLed(ledFromKey(ledShown));
  }, [ledShown]);

  // The serial devices' status goes to the hub, where the admin monitor shows it.
  useEffect(() => {
    const api = window.onestopWindow;
    if (!api || client === null) return;
    const report = (statuses: SerialDeviceStatus[]): void => {
      void client.command('device_status', deviceReport(statuses));
    };
    void api.deviceStatus().then(report);
    return api.onDeviceStatus(report);
  }, [client]);

  const { forget } = pairing;
  useEffect(() => {
    if (hub.connection === 'refused' && hub.client?.refusal === 'unauthorized') forget();
  }, [hub.connection, hub.client, forget]);

  const onStaffChange = useCallback((staff: StaffIdentity | null, session: string | null) => {
    if (staff === null) sessionStorage.removeItem(STAFF_KEY);
    else sessionStorage.setItem(STAFF_KEY, JSON.stringify(staff));
    if (session === null) sessionStorage.removeItem(SESSION_KEY);
    else sessionStorage.setItem(SESSION_KEY, session);
  }, []);

  if (pairing.pairing === null) {
    return (
      <PairScreen
        deviceName={{ zh: t('terminal.app.window', 'zh'), en: t('terminal.app.window', 'en') }}
        state={pairing}
      />
    );
  }
  if (hub.client === null) return <p className="muted">…</p>;
  return (
    <Terminal
      port={hub.client}
      state={hub.state}
      windowId={windowId}
      connection={hub.connection}
      now={now}
      initialStaff={loadStaff()}
      initialSession={loadSession()}
      onStaffChange={onStaffChange}
      padAction={pad}
      onPadAnswer={onPadAnswer}
    />
  );
}
