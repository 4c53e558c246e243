import { useEffect, useState } from 'react';
import type {
  CommandInput,
  ConnectionState,
  EmptyResult,
  HallState,
  CheckInResult,
  IssueTicketResult,
} from '@onestop/shared';
import type { CommandOutcome, HubClient } from '@onestop/shared/client';

/** What the kiosk screen uses of its `HubClient<'kiosk'>`. */
export interface KioskHub {
  readonly connection: ConnectionState;
  readonly state: HallState | null;
  onConnection(listener: (connection: ConnectionState) => void): () => void;
  onState(listener: (state: HallState) => void): () => void;
  issueTicket(
    input: CommandInput<'kiosk', 'issue_ticket'>,
  ): Promise<CommandOutcome<IssueTicketResult>>;
  checkIn(input: CommandInput<'kiosk', 'check_in'>): Promise<CommandOutcome<CheckInResult>>;
  reportStatus(input: CommandInput<'kiosk', 'device_status'>): Promise<CommandOutcome<EmptyResult>>;
}

/** The kiosk's view of its hub client. */
export function kioskHub(client: HubClient<'kiosk'>): KioskHub {
  return {
    get connection() {
      return client.connection;
    },
    get state() {
      return client.state;
    },
    onConnection: (listener) => client.onConnection(listener),
    onState: (listener) => client.onState(listener),
    issueTicket: (input) => client.command('issue_ticket', input),
    checkIn: (input) => client.command('check_in', input),
    reportStatus: (input) => client.command('device_status', input),
  };
}

/**
 * The hub's connection and mirror as React state. The mirror is folded in place, so a counter
 * makes each change a new render.
 */
export function useHub(hub: KioskHub): {
  connection: ConnectionState;
  state: HallState | null;
  version: number;
} {
  const [connection, setConnection] = useState(hub.connection);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    // Subscribed before the client's first change: it connects asynchronously.
    const offConnection = hub.onConnection(setConnection);
    const offState = hub.onState(() => setVersion((v) => v + 1));
    return () => {
      offConnection();
      offState();
    };
  }, [hub]);
  return { connection, state: hub.state, version };
}

/** The clock, re-read every `everyMs`, so opening hours take effect without a touch. */
export function useNow(now: () => number, everyMs = 15_000): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setTime(now()), everyMs);
    return () => clearInterval(timer);
  }, [now, everyMs]);
  return time;
}
