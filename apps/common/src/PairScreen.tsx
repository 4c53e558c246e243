import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { t, type I18nText, type Role } from '@onestop/shared';
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
  deviceName: I18nText;
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
        {t('pair.title', 'zh')} <span lang="en">{t('pair.title', 'en')}</span>
      </h1>
      <p>
        {t('pair.needsCode', 'zh', { device: deviceName.zh })}
        <br />
        <span lang="en">{t('pair.needsCode', 'en', { device: deviceName.en.toLowerCase() })}</span>
      </p>
      <form onSubmit={submit}>
        <label>
          {t('pair.code', 'zh')} <span lang="en">{t('pair.code', 'en')}</span>
          <input
            value={code}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
        <button type="submit" disabled={state.busy || code.trim() === ''}>
          {t('pair.submit', 'zh')} <span lang="en">{t('pair.submit', 'en')}</span>
        </button>
      </form>
      {state.failure && (
        <p role="alert">
          {t(`pair.failure.${state.failure}`, 'zh')}{' '}
          <span lang="en">{t(`pair.failure.${state.failure}`, 'en')}</span>
        </p>
      )}
    </main>
  );
}
