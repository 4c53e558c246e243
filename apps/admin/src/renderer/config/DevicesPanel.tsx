import { useContext, useState, type FormEvent } from 'react';
import {
  DEVICE_KINDS,
  t as hallText,
  type DeviceInfo,
  type DeviceKind,
  type HallState,
} from '@onestop/shared';
import type { CommandOutcome } from '@onestop/shared/client';
import type { AdminClient } from '../hub.js';
import { useDevices } from '../monitor/Monitor.js';
import { timeIn } from '../labels.js';
import { deviceStatusText } from '../monitor/device-status.js';
import { LangContext, useT } from '../strings.js';
import { FieldError, Grid, Panel, RowError, invalidProps, useRefusal } from './parts.js';

/** 设备: the hall's kiosks, terminals, displays and pads; rename, unpair, or add one to pair. */
export function DevicesPanel(props: {
  client: AdminClient;
  state: HallState;
  onSaved: (text: string) => void;
}) {
  const t = useT();
  const lang = useContext(LangContext);
  const { devices, reload } = useDevices(props.client);
  const tz = props.state.config.hall.timezone;
  const [kind, setKind] = useState<DeviceKind>('kiosk');
  const [name, setName] = useState('');
  const [windowId, setWindowId] = useState(props.state.config.windows[0]?.id ?? '');
  const [code, setCode] = useState<string | null>(null);
  const [codeUsed, setCodeUsed] = useState(false);
  const { issues, setRefusal, errorId } = useRefusal();
  const needsWindow = kind === 'window_terminal' || kind === 'rating_pad';
  const create = async (e: FormEvent) => {
    e.preventDefault();
    const ack = await props.client.command('create_device', {
      kind,
      name,
      windowId: needsWindow ? windowId : null,
    });
    setRefusal(ack.ok ? null : ack.error);
    if (!ack.ok) return;
    reload();
    // A retry of a lost answer brings a fresh code, or none when the device has paired since.
    setCode(ack.result.pairingCode);
    setCodeUsed(ack.result.pairingCode === null);
  };
  return (
    <Panel title="devices" testId="config-devices">
      <Grid headings={['deviceName', 'kind', 'window', 'lastSeen', 'reportedStatus', null]}>
        {devices.map((d) => (
          <DeviceRow
            key={d.id}
            device={d}
            tz={tz}
            windowLabel={(id) =>
              String(props.state.config.windows.find((w) => w.id === id)?.number ?? id)
            }
            client={props.client}
            onDone={() => {
              props.onSaved(t('saved'));
              reload();
            }}
          />
        ))}
      </Grid>
      <form className="toolbar add-form" onSubmit={(e) => void create(e)}>
        <select
          aria-label={t('kind')}
          value={kind}
          onChange={(e) => setKind(e.target.value as DeviceKind)}
        >
          {DEVICE_KINDS.map((k) => (
            <option key={k} value={k}>
              {hallText(`device_kind.${k}`, lang)}
            </option>
          ))}
        </select>
        <input
          aria-label={t('name')}
          placeholder={t('name')}
          value={name}
          required
          onChange={(e) => setName(e.target.value)}
          {...invalidProps(issues, 'name', errorId)}
        />
        {needsWindow && (
          <select
            aria-label={t('window')}
            value={windowId}
            onChange={(e) => setWindowId(e.target.value)}
            {...invalidProps(issues, 'windowId', errorId)}
          >
            {props.state.config.windows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.number}
              </option>
            ))}
          </select>
        )}
        <button type="submit">{t('addDevice')}</button>
        {code && (
          <span className="code">
            {t('pairingCode')}: <b>{code}</b>
          </span>
        )}
        {codeUsed && (
          <span className="error" role="alert">
            {t('pairingCodeUsed')}
          </span>
        )}
        <FieldError issues={issues} id={errorId} />
      </form>
    </Panel>
  );
}

function DeviceRow(props: {
  device: DeviceInfo;
  tz: string;
  windowLabel: (windowId: string) => string;
  client: AdminClient;
  onDone: () => void;
}) {
  const t = useT();
  const lang = useContext(LangContext);
  const d = props.device;
  const [name, setName] = useState(d.name);
  const [confirming, setConfirming] = useState(false);
  const { issues, setRefusal, errorId } = useRefusal();
  const answer = (ack: CommandOutcome<unknown>) => {
    setRefusal(ack.ok ? null : ack.error);
    if (ack.ok) props.onDone();
  };
  const rename = async (e: FormEvent) => {
    e.preventDefault();
    answer(await props.client.command('rename_device', { deviceId: d.id, name }));
  };
  const unpair = async () => {
    setConfirming(false);
    answer(await props.client.command('unpair_device', { deviceId: d.id }));
  };
  const revoked = d.revokedAt !== null;
  return (
    <>
      <tr data-device={d.id} className={revoked ? 'dim' : ''}>
        <td>
          <form className="inline" onSubmit={(e) => void rename(e)}>
            <input
              aria-label={`${d.id} ${t('deviceName')}`}
              value={name}
              required
              disabled={revoked}
              onChange={(e) => setName(e.target.value)}
              {...invalidProps(issues, 'name', errorId)}
            />
            {!revoked && name !== d.name && (
              <button type="submit" className="secondary">
                {t('rename')}
              </button>
            )}
          </form>
        </td>
        <td>{hallText(`device_kind.${d.kind}`, lang)}</td>
        <td>{d.windowId === null ? '—' : props.windowLabel(d.windowId)}</td>
        <td>{d.lastSeenAt ? timeIn(d.lastSeenAt, props.tz) : '—'}</td>
        <td>
          {revoked
            ? t('unpaired')
            : d.pairedAt === null
              ? t('notPaired')
              : deviceStatusText(d.status, lang)}
        </td>
        <td>
          {!revoked &&
            (confirming ? (
              <button type="button" className="danger" onClick={() => void unpair()}>
                {t('confirmUnpair')}
              </button>
            ) : (
              <button type="button" className="secondary" onClick={() => setConfirming(true)}>
                {t('unpair')}
              </button>
            ))}
        </td>
      </tr>
      <RowError issues={issues} colSpan={6} id={errorId} />
    </>
  );
}
