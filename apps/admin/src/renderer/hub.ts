import { useEffect, useState } from 'react';
import type { HallState } from '@onestop/shared';
import { HubClient, type ConnectionState } from '@onestop/shared/client';

export type AdminClient = HubClient<'admin'>;

/** The admin HubClient of a session, its live mirror and its connection, for React. */
export function useHub(
  token: string,
  url: string,
): {
  client: AdminClient | null;
  state: HallState | null;
  version: number;
  connection: ConnectionState;
} {
  const [client, setClient] = useState<AdminClient | null>(null);
  // The mirror changes its state in place: a counter makes each change a new render.
  const [view, setView] = useState<{ state: HallState | null; version: number }>({
    state: null,
    version: 0,
  });
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  useEffect(() => {
    const c = new HubClient({ url, role: 'admin', token });
    // The client is shown once it has something to say: a connection change or a state.
    const offState = c.onState((s) => {
      setClient(c);
      setView((v) => ({ state: s, version: v.version + 1 }));
    });
    const offConnection = c.onConnection((s) => {
      setClient(c);
      setConnection(s);
    });
    return () => {
      offState();
      offConnection();
      c.close();
    };
  }, [token, url]);
  return { client, state: view.state, version: view.version, connection };
}
