import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { SUNSHINE_PATH, SunshineSchema, t, type Sunshine } from '@onestop/shared';
import type { ConnectionState, HubClient } from '@onestop/shared/client';
import type { DisplayConfig } from '../shared/config.js';
import { Board } from './Board.js';
import { buildBoard, visibleScope, type BoardFilter } from './board/model.js';
import { Announcer, displayLanguages } from './voice/announcer.js';
import { callsToAnnounce } from './voice/calls.js';
import type { AnnouncementEntry, AudioSink } from './voice/queue.js';

declare global {
  interface Window {
    /** The announcements so far, for end-to-end tests and a technician's console. */
    __onestopAnnouncements?: AnnouncementEntry[];
  }
}

/** The parts of HubClient the display uses (a fake one in component tests). */
export type DisplayClient = Pick<
  HubClient<'display'>,
  'state' | 'connection' | 'onState' | 'onConnection' | 'onEvents' | 'refusal'
>;

export interface DisplayAppProps {
  client: DisplayClient;
  config: DisplayConfig;
  /** Where announcements are played; the browser's speakers unless a test gives its own. */
  sink?: AudioSink;
  /** Called when the hub refuses the device's token: pair again. */
  onRefused?: () => void;
  /** This machine's clock: how long a highlight stays, when announcements are said. */
  clock?: () => number;
  /** The hall's time (the hub's clock), shown on the board; `clock` by default. */
  hallClock?: () => number;
  /** Asks the hub for the 阳光运行 figures; a fetch of the hub's own path unless a test gives one. */
  loadSunshine?: () => Promise<unknown>;
}

/** A number that moves on every change of the client's mirror (which changes in place). */
function useMirrorVersion(client: DisplayClient): number {
  const store = useMemo(() => {
    const counter = { version: 0 };
    return {
      subscribe: (changed: () => void) =>
        client.onState(() => {
          counter.version += 1;
          changed();
        }),
      snapshot: () => counter.version,
    };
  }, [client]);
  return useSyncExternalStore(store.subscribe, store.snapshot);
}

function useConnection(client: DisplayClient): ConnectionState {
  const subscribe = useCallback((changed: () => void) => client.onConnection(changed), [client]);
  return useSyncExternalStore(subscribe, () => client.connection);
}

/** How often the display asks the hub for the 阳光运行 figures (they change with ratings). */
export const SUNSHINE_REFRESH_MS = 60_000;

/**
 * 阳光运行 figures from the hub while the hall shows them (`hall.sunshine`), asked again every
 * `SUNSHINE_REFRESH_MS`; null while off, before the first answer, or when an answer is not one.
 */
function useSunshine(enabled: boolean, load: () => Promise<unknown>): Sunshine | null {
  const [figures, setFigures] = useState<Sunshine | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const ask = () => {
      load()
        .then((body) => {
          const parsed = SunshineSchema.safeParse(body);
          if (live) setFigures(parsed.success ? parsed.data : null);
        })
        // Unreachable for a moment: keep what is shown, ask again at the next turn.
        .catch(() => undefined);
    };
    ask();
    const timer = setInterval(ask, SUNSHINE_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [enabled, load]);
  return enabled ? figures : null;
}

/** The hub's answer at `SUNSHINE_PATH` (the page is served by the hub: same origin). */
async function fetchSunshine(): Promise<unknown> {
  const res = await fetch(SUNSHINE_PATH, { cache: 'no-store' });
  if (!res.ok) throw new Error(`sunshine: ${res.status}`);
  return res.json();
}

/** The board of a connected display, and its voice. */
export function DisplayApp({
  client,
  config,
  sink,
  onRefused,
  clock = Date.now,
  hallClock = clock,
  loadSunshine = fetchSunshine,
}: DisplayAppProps) {
  useMirrorVersion(client);
  const connection = useConnection(client);
  // Redrawn every second for the clock and the highlights' end.
  const [, setTick] = useState(0);
  const [highlights, setHighlights] = useState<ReadonlyMap<string, number>>(new Map());
  // The call the voice is saying now: the board shows it largest, highlighted.
  const [speaking, setSpeaking] = useState<string | null>(null);
  const state = client.state;
  const filter: BoardFilter = useMemo(
    () => ({ departments: config.departments, windows: config.windows }),
    [config.departments, config.windows],
  );

  const [announcer] = useState(() => {
    const api = window.onestopDisplay;
    return new Announcer({
      base: import.meta.env.BASE_URL,
      clock,
      ...(sink ? { sink } : {}),
      ...(api ? { readClip: (id: string) => api.readClip(id) } : {}),
      onChange: (log) => {
        window.__onestopAnnouncements = log.map((e) => ({ ...e }));
        setSpeaking(log.find((e) => e.status === 'speaking')?.ticketId ?? null);
      },
    });
  });
  useEffect(() => {
    announcer.update(config, state);
  });

  useEffect(
    () =>
      client.onEvents((events, info) => {
        const current = client.state;
        if (current === null) return;
        const { windowIds } = visibleScope(current, filter);
        const calls = callsToAnnounce(events, info, current, windowIds);
        if (calls.length === 0) return;
        const at = clock();
        setHighlights((prev) => {
          // Old highlights are dropped as new ones come.
          const next = new Map([...prev].filter(([, since]) => at - since < 3_600_000));
          for (const call of calls) next.set(call.ticketId, at);
          return next;
        });
        announcer.update(config, current);
        for (const call of calls) announcer.announce(call);
      }),
    [client, filter, announcer, clock, config],
  );

  useEffect(() => {
    if (connection === 'refused' && client.refusal === 'unauthorized') onRefused?.();
  }, [connection, client, onRefused]);

  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 1_000);
    return () => clearInterval(timer);
  }, []);

  const sunshine = useSunshine(state?.config.hall.sunshine === true, loadSunshine);
  const langs = displayLanguages(config, state);
  if (state === null) {
    return (
      <main className="board-waiting" role="status">
        <span>{t('display.connecting', 'zh')}</span>
        <span lang="en">{t('display.connecting', 'en')}</span>
      </main>
    );
  }
  const now = clock();
  const highlightMs = config.highlightSeconds * 1_000;
  const highlighted = new Set(
    [...highlights].filter(([, at]) => now - at < highlightMs).map(([id]) => id),
  );
  return (
    <Board
      board={buildBoard(state, filter)}
      langs={langs}
      highlighted={highlighted}
      speaking={speaking}
      connection={connection}
      refusal={client.refusal}
      now={hallClock()}
      pageClock={now}
      sunshine={sunshine}
    />
  );
}
