import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { TEXTS } from '@onestop/shared';
import { HubClient } from '@onestop/shared/client';
import { PairScreen, usePairing } from '@onestop/app-common';
import { configFromQuery, parseDisplayConfig, type DisplayConfig } from '../shared/config.js';
import type { DisplayApi } from '../shared/api.js';
import { DisplayApp } from './DisplayApp.js';
import { displayLanguages } from './voice/announcer.js';
import { fetchedClips, systemVoice } from './voice/browser-sink.js';
import { voiceHealth, voiceSources } from './voice/health.js';
import './styles.css';

declare global {
  interface Window {
    /** Present only in the Electron shell. */
    onestopDisplay?: DisplayApi;
  }
}

function Connected({
  token,
  config,
  onRefused,
}: {
  token: string;
  config: DisplayConfig;
  onRefused: () => void;
}) {
  // One connection for this token (the component is keyed by it), closed when it goes.
  const [client] = useState(
    () => new HubClient({ url: config.hubUrl ?? window.location.origin, role: 'display', token }),
  );
  useEffect(() => () => client.close(), [client]);
  // Each time it is (back) online, the display tells the hub whether it can speak.
  useEffect(
    () =>
      client.onConnection((connection) => {
        if (connection === 'online') void reportVoice(client, config);
      }),
    [client, config],
  );
  const [hallClock] = useState(() => () => client.hallNow());
  return <DisplayApp client={client} config={config} onRefused={onRefused} hallClock={hallClock} />;
}

async function reportVoice(client: HubClient<'display'>, config: DisplayConfig): Promise<void> {
  const chime = await fetchedClips(import.meta.env.BASE_URL).load('chime');
  const langs = displayLanguages(config, client.state);
  const sources = voiceSources(langs, config.voice, (l) => systemVoice(l) !== null, chime !== null);
  await client.command('device_status', voiceHealth(sources, config.voice));
}

function App({ config }: { config: DisplayConfig }) {
  const pairing = usePairing('display', 'display');
  if (pairing.pairing === null)
    return <PairScreen deviceName={TEXTS['display.deviceName']} state={pairing} />;
  const { token } = pairing.pairing;
  return <Connected key={token} token={token} config={config} onRefused={pairing.forget} />;
}

async function loadConfig(): Promise<DisplayConfig> {
  const api = window.onestopDisplay;
  let raw: unknown = null;
  if (api) {
    try {
      raw = await api.getConfig();
    } catch {
      raw = null;
    }
  }
  const { config, problems } = parseDisplayConfig(raw);
  for (const p of problems) console.warn(`display config: ${p}`);
  // In a browser the address names what this screen shows: /display?windows=w1,w2.
  return configFromQuery(window.location.search, config);
}

const root = document.getElementById('root');
if (root) {
  void loadConfig().then((config) =>
    // No StrictMode: its rehearsal unmount would close the hub connection the page keeps.
    createRoot(root).render(<App config={config} />),
  );
}
