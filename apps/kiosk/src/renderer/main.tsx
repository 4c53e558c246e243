import { useEffect, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { TEXTS } from '@onestop/shared';
import { HubClient } from '@onestop/shared/client';
import { forgetPairing, PairScreen, usePairing } from '@onestop/app-common';
import type { KioskApi } from '../shared/api.js';
import { kioskHub } from './hub.js';
import { Kiosk } from './Kiosk.js';
import './kiosk.css';

declare global {
  interface Window {
    /** Present in the Electron shell (its preload); absent in a plain browser. */
    onestopKiosk?: KioskApi;
  }
}

/**
 * The kiosk connected with its token. The client lives as long as the page: a token the hub
 * refuses reloads the page into pairing.
 */
function Connected(props: { token: string }): ReactNode {
  // The page comes from the hub itself, in a browser and in the Electron shell alike.
  const [client] = useState(
    () => new HubClient({ url: window.location.origin, role: 'kiosk', token: props.token }),
  );
  const [hub] = useState(() => kioskHub(client));
  const [stopWhenPrinterFails, setStop] = useState(false);
  const [cardReader, setCardReader] = useState(false);

  useEffect(
    () =>
      client.onConnection(() => {
        // The device was removed at the hub: pair again.
        if (client.refusal === 'unauthorized') {
          forgetPairing('kiosk');
          window.location.reload();
        }
      }),
    [client],
  );

  useEffect(() => {
    window.onestopKiosk?.config().then(
      (config) => {
        setStop(config.stopWhenPrinterFails);
        setCardReader(config.idCardReader === true);
      },
      () => undefined,
    );
  }, []);

  return (
    <Kiosk
      hub={hub}
      api={window.onestopKiosk ?? null}
      hubOrigin={window.location.origin}
      stopWhenPrinterFails={stopWhenPrinterFails}
      cardReader={cardReader}
    />
  );
}

function App(): ReactNode {
  const pairing = usePairing('kiosk', 'kiosk');
  const token = pairing.pairing?.token ?? null;
  if (token === null) {
    return <PairScreen deviceName={TEXTS['device_kind.kiosk']} state={pairing} />;
  }
  return <Connected key={token} token={token} />;
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
