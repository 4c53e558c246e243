import { useCallback, useEffect, useRef, useState } from 'react';
import { type RatingScore, type SequencedEvent, t } from '@onestop/shared';
import type { EventsInfo } from '@onestop/shared/client';
import {
  dataUrlOf,
  hallNowOf,
  type HallTimeSource,
  PairScreen,
  usePairing,
} from '@onestop/app-common';
import { useHub } from '../common/useHub.js';
import { RatePad, type RatingRequest } from './RatePad.js';

/** A finish caught up after a reconnect still asks for a rating if it is this recent. */
const RECENT_MS = 30_000;

/** The /rate page: paired with one window; asks for a rating after each finish there. */
export function RateApp() {
  const pairing = usePairing('rate', 'rate');
  const windowId = pairing.pairing?.windowId ?? '';
  const [request, setRequest] = useState<RatingRequest | null>(null);
  const [keyScore, setKeyScore] = useState<{ score: RatingScore; seq: number } | null>(null);
  // The hub's clock, to tell a recent finish (hall time) from an old one.
  const clock = useRef<HallTimeSource | null>(null);

  const onEvents = useCallback(
    (events: SequencedEvent[], info: EventsInfo) => {
      for (const e of events) {
        if (e.type !== 'service_finished' || e.windowId !== windowId) continue;
        if (info.replayed && hallNowOf(clock.current) - e.at > RECENT_MS) continue;
        setRequest({ ticketId: e.ticketId, seq: e.seq });
      }
    },
    [windowId],
  );
  const hub = useHub('rate', pairing.pairing?.token ?? null, onEvents);
  useEffect(() => {
    clock.current = hub.client;
  }, [hub.client]);

  // In the Electron shell a call pad's rating keys arrive through the preload API.
  useEffect(() => {
    const api = window.onestopWindow;
    if (!api) return;
    let seq = 0;
    return api.onPadKey((key) => {
      const score = { rate1: 1, rate2: 2, rate3: 3, rate4: 4, rate5: 5 } as const;
      if (typeof key === 'string' && key in score)
        setKeyScore({ score: score[key as keyof typeof score], seq: ++seq });
    });
  }, []);

  // The clerk's photo: the hub gives it to the hall's own devices, so it is asked with the token.
  const token = pairing.pairing?.token ?? null;
  const photoOf = useCallback(
    async (staffCode: string): Promise<string | null> => {
      if (token === null) return null;
      const res = await fetch(`/api/staff/${encodeURIComponent(staffCode)}/photo`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return res.status === 200 ? dataUrlOf(await res.blob()) : null;
    },
    [token],
  );

  const { forget } = pairing;
  useEffect(() => {
    if (hub.connection === 'refused' && hub.client?.refusal === 'unauthorized') forget();
  }, [hub.connection, hub.client, forget]);

  if (pairing.pairing === null) {
    return (
      <PairScreen
        deviceName={{ zh: t('terminal.app.rate', 'zh'), en: t('terminal.app.rate', 'en') }}
        state={pairing}
      />
    );
  }
  if (hub.client === null) return <p className="muted">…</p>;
  return (
    <RatePad
      port={hub.client}
      state={hub.state}
      windowId={windowId}
      request={request}
      keyScore={keyScore}
      photoOf={photoOf}
    />
  );
}
