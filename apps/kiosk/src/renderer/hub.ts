import { useEffect, useState } from 'react';
import type {
  AssistResult,
  CommandInput,
  ConnectionState,
  EmptyResult,
  HallState,
  CheckInResult,
  ConfirmRemoteResult,
  IssueTicketResult,
} from '@onestop/shared';
import type { CommandOutcome, HubClient } from '@onestop/shared/client';

/** What the kiosk screen uses of its `HubClient<'kiosk'>`. */
export interface KioskHub {
  readonly connection: ConnectionState;
  readonly state: HallState | null;
  /** The hall's time: the hub's clock once a sync has brought it (`clockKnown`). */
  hallNow(): number;
  /** False until the hub's clock is known: `hallNow()` is this PC's own clock until then. */
  readonly clockKnown: boolean;
  onConnection(listener: (connection: ConnectionState) => void): () => void;
  onState(listener: (state: HallState) => void): () => void;
  issueTicket(
    input: CommandInput<'kiosk', 'issue_ticket'>,
  ): Promise<CommandOutcome<IssueTicketResult>>;
  checkIn(input: CommandInput<'kiosk', 'check_in'>): Promise<CommandOutcome<CheckInResult>>;
  reportStatus(input: CommandInput<'kiosk', 'device_status'>): Promise<CommandOutcome<EmptyResult>>;
  /** 远程取号: confirms a number taken from the phone, by its code or the ID card. */
  confirmRemote(
    input: CommandInput<'kiosk', 'confirm_remote'>,
  ): Promise<CommandOutcome<ConfirmRemoteResult>>;
  /** 帮办代办: calls the hall's staff to this kiosk. */
  requestAssist(): Promise<CommandOutcome<AssistResult>>;
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
    hallNow: () => client.hallNow(),
    get clockKnown() {
      return client.clockKnown;
    },
    onConnection: (listener) => client.onConnection(listener),
    onState: (listener) => client.onState(listener),
    issueTicket: (input) => client.command('issue_ticket', input),
    checkIn: (input) => client.command('check_in', input),
    reportStatus: (input) => client.command('device_status', input),
    confirmRemote: (input) => client.command('confirm_remote', input),
    requestAssist: () => client.command('request_assist', {}),
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

/**
 * A render every `everyMs`, so opening hours take effect without a touch. The screen reads the
 * hall's time at each render (a change of the hall, of the connection, or this tick): never a
 * time read before the hub's clock was known.
 */
export function useTick(everyMs = 15_000): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return tick;
}
