import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { HallState, SequencedEvent } from '@onestop/shared';
import { HubClient, type ConnectionState, type EventsInfo } from '@onestop/shared/client';

export interface HubView<R extends 'window' | 'rate'> {
  client: HubClient<R> | null;
  state: HallState | null;
  /** Bumped on every change of the mirror (the mirror changes in place). */
  version: number;
  connection: ConnectionState;
}

interface Entry {
  client: HubClient<'window' | 'rate'>;
  version: number;
}

/** One client per role and token for the page's lifetime (React may mount a component twice). */
const clients = new Map<string, Entry>();

function entryFor<R extends 'window' | 'rate'>(role: R, token: string): Entry {
  const key = `${role}:${token}`;
  let entry = clients.get(key);
  if (entry === undefined) {
    const client = new HubClient({ url: window.location.origin, role, token });
    const created: Entry = { client, version: 0 };
    client.onState(() => created.version++);
    clients.set(key, created);
    entry = created;
  }
  return entry;
}

const noop = (): void => undefined;

/**
 * The page's HubClient, with the mirror's changes turned into renders. `onEvents` sees every
 * event as it is applied (live, or `replayed` after a reconnect).
 */
export function useHub<R extends 'window' | 'rate'>(
  role: R,
  token: string | null,
  onEvents?: (events: SequencedEvent[], info: EventsInfo) => void,
): HubView<R> {
  const entry = useMemo(() => (token === null ? null : entryFor(role, token)), [role, token]);
  const client = entry === null ? null : (entry.client as HubClient<R>);

  const subscribeState = useCallback(
    (listener: () => void) => (client === null ? noop : client.onState(listener)),
    [client],
  );
  const version = useSyncExternalStore(subscribeState, () => entry?.version ?? 0);
  const subscribeConnection = useCallback(
    (listener: () => void) => (client === null ? noop : client.onConnection(listener)),
    [client],
  );
  const connection = useSyncExternalStore(
    subscribeConnection,
    () => client?.connection ?? 'connecting',
  );

  useEffect(() => {
    if (client === null || onEvents === undefined) return;
    return client.onEvents(onEvents);
  }, [client, onEvents]);

  return { client, state: client?.state ?? null, version, connection };
}
