import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Role } from '@onestop/shared';
import {
  forgetPairing,
  loadPairing,
  pairWithCode,
  savePairing,
  takePairCode,
  type PairFailure,
  type StoredPairing,
} from './pairing.js';

/* The bilingual "pair this device" screen and the hook that holds a page's pairing. */

const FAILURES: Record<PairFailure, { zh: string; en: string }> = {
  network: { zh: '无法连接服务器，请检查网络', en: 'Cannot reach the hub; check the network' },
  bad_code: { zh: '配对码无效或已过期', en: 'The pairing code is invalid or has expired' },
  wrong_kind: {
    zh: '该配对码不是用于本设备类型的',
    en: 'This pairing code is for another kind of device',
  },
};

export interface PairingState {
  pairing: StoredPairing | null;
  busy: boolean;
  failure: PairFailure | null;
  pair: (code: string) => Promise<void>;
  /** Drops the token (the hub refused it): the page shows the pairing screen again. */
  forget: () => void;
}

/** The page's pairing: the stored token, or the `?pair=` code of the address sent once. */
export function usePairing(page: string, role: Role): PairingState {
  const [pairing, setPairing] = useState<StoredPairing | null>(() => loadPairing(page));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<PairFailure | null>(null);

  const pair = useCallback(
    async (code: string): Promise<void> => {
      setBusy(true);
      setFailure(null);
      const outcome = await pairWithCode(code, role);
      setBusy(false);
      if (outcome.ok) {
        savePairing(page, outcome.pairing);
        setPairing(outcome.pairing);
      } else {
        setFailure(outcome.code);
      }
    },
    [page, role],
  );

  useEffect(() => {
    // The code in the address is single-use: taken (and removed) once.
    const code = takePairCode();
    if (code !== null) void pair(code);
  }, [pair]);

  const forget = (): void => {
    forgetPairing(page);
    setPairing(null);
  };
  return { pairing, busy, failure, pair, forget };
}

export interface PairScreenProps {
  /** The device's name in both languages, e.g. 窗口终端 / Window terminal. */
  deviceName: { zh: string; en: string };
  state: PairingState;
}

export function PairScreen({ deviceName, state }: PairScreenProps) {
  const [code, setCode] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (code.trim() !== '') void state.pair(code);
  };
  return (
    <main className="pair-screen">
      <h1>
        配对本设备 <span lang="en">Pair this device</span>
      </h1>
      <p>
        {deviceName.zh}需要管理员提供的配对码。
        <br />
        <span lang="en">
          The {deviceName.en.toLowerCase()} needs a pairing code from the administrator.
        </span>
      </p>
      <form onSubmit={submit}>
        <label>
          配对码 <span lang="en">Pairing code</span>
          <input
            value={code}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
        <button type="submit" disabled={state.busy || code.trim() === ''}>
          配对 <span lang="en">Pair</span>
        </button>
      </form>
      {state.failure && (
        <p role="alert">
          {FAILURES[state.failure].zh} <span lang="en">{FAILURES[state.failure].en}</span>
        </p>
      )}
    </main>
  );
}
