/**
 * Builders for the store's tests: hand-made tickets, events and projections, and temporary
 * folders. Not used by the hub itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Complaint,
  DayState,
  DomainEvent,
  HallConfig,
  Ticket,
  WindowState,
} from '@onestop/shared';
import type { Actor, CommitInput } from './types.js';
import { afterEach, beforeEach } from 'vitest';
import { Store } from './store.js';

export const DAY = '2025-03-03';
/** 2025-03-03 09:00 in Asia/Shanghai. */
export const T0 = Date.UTC(2025, 2, 3, 1, 0, 0);

export interface TempDir {
  dir: string;
  file(name: string): string;
  remove(): void;
}

export function tempDir(): TempDir {
  const dir = mkdtempSync(join(tmpdir(), 'onestop-store-'));
  return {
    dir,
    file: (name) => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function ticket(overrides: Partial<Ticket> = {}): Ticket {
  const businessDay = overrides.businessDay ?? DAY;
  const number = overrides.number ?? 'A001';
  const issuedAt = overrides.issuedAt ?? T0;
  return {
    id: `${businessDay}/${number}`,
    number,
    businessDay,
    serviceId: 'svc-a',
    class: 'normal',
    appointment: null,
    itinerary: [{ serviceIds: [overrides.serviceId ?? 'svc-a'] }],
    stepIndex: 0,
    doneServiceIds: [],
    queueServiceIds: [overrides.serviceId ?? 'svc-a'],
    targetWindowId: null,
    status: 'waiting',
    issuedAt,
    arrivalIndex: 0,
    queuedAt: issuedAt,
    returned: false,
    calledAt: null,
    startedAt: null,
    finishedAt: null,
    windowId: null,
    staffCode: null,
    currentServiceId: null,
    recallCount: 0,
    callReason: null,
    transfers: [],
    parkedUntil: null,
    rating: null,
    accessToken: `token-${number}`,
    ...overrides,
  };
}

export function windowState(overrides: Partial<WindowState> = {}): WindowState {
  return {
    windowId: 'w1',
    status: 'open',
    staffCode: '0042',
    pauseReason: null,
    currentTicketId: null,
    since: T0,
    callsSincePriority: 0,
    ...overrides,
  };
}

export function complaint(overrides: Partial<Complaint> = {}): Complaint {
  return {
    id: 'c1',
    ticketId: `${DAY}/A001`,
    windowId: 'w1',
    staffCode: '0042',
    serviceId: 'svc-a',
    score: 1,
    reasons: ['slow'],
    openedAt: T0,
    deadlineAt: T0 + 3 * 24 * 3_600_000,
    status: 'open',
    ...overrides,
  };
}

export function openDay(businessDay = DAY, at = T0): DayState {
  return { businessDay, status: 'open', openedAt: at, closedAt: null };
}

export const ev = {
  dayOpened: (businessDay = DAY, at = T0): DomainEvent => ({
    type: 'day_opened',
    businessDay,
    at,
  }),
  dayClosed: (businessDay = DAY, at = T0): DomainEvent => ({
    type: 'day_closed',
    businessDay,
    expiredTicketIds: [],
    at,
  }),
  issued: (t: Ticket, at = t.issuedAt): DomainEvent => ({ type: 'ticket_issued', ticket: t, at }),
  called: (ticketId: string, windowId = 'w1', at = T0): DomainEvent => ({
    type: 'ticket_called',
    ticketId,
    windowId,
    staffCode: '0042',
    serviceId: 'svc-a',
    reason: 'fifo',
    at,
  }),
  windowOpened: (windowId = 'w1', at = T0): DomainEvent => ({
    type: 'window_opened',
    windowId,
    staffCode: '0042',
    at,
  }),
  complaintOpened: (c: Complaint, at = c.openedAt): DomainEvent => ({
    type: 'complaint_opened',
    complaint: c,
    at,
  }),
};

export const KIOSK: Actor = { kind: 'device', deviceId: 'k1', deviceKind: 'kiosk' };

/** A commit with nothing in it but what `parts` gives. */
export function commitInput(parts: Partial<CommitInput> = {}): CommitInput {
  return {
    commandId: null,
    actorKey: 'device:k1',
    actor: KIOSK,
    events: [],
    tickets: [],
    windows: [],
    day: null,
    complaints: [],
    result: null,
    ...parts,
  };
}

/** Issues `count` tickets (A001, A002, ...) in one commit each; returns the tickets. */
export function issueTickets(
  store: { commit(input: CommitInput): unknown },
  count: number,
  from = 1,
): Ticket[] {
  const out: Ticket[] = [];
  for (let i = from; i < from + count; i++) {
    const t = ticket({ number: `A${String(i).padStart(3, '0')}`, arrivalIndex: i - 1 });
    store.commit(
      commitInput({ commandId: `issue-${i}`, events: [ev.issued(t)], tickets: [t], result: t.id }),
    );
    out.push(t);
  }
  return out;
}

export function hallConfig(): HallConfig {
  return {
    hall: {
      name: { zh: '政务服务中心', en: 'Government Service Center' },
      timezone: 'Asia/Shanghai',
      languages: ['zh', 'en'],
      policy: {
        priorityRatio: 2,
        maxWaitMinutes: 60,
        recallLimit: 2,
        appointmentGraceMinutes: 10,
        complaintDeadlineDays: 3,
        callbackDeadlineDays: 1,
      },
      notice: { zh: '请保管好您的号票', en: 'Please keep your ticket' },
      holidays: [],
      extraWorkdays: [],
    },
    departments: [{ id: 'd1', name: { zh: '户政', en: 'Household' } }],
    services: [
      {
        id: 'svc-a',
        departmentId: 'd1',
        prefix: 'A',
        name: { zh: '户籍', en: 'Residence' },
        dailyQuota: null,
        hours: [{ days: [1, 2, 3, 4, 5], open: '09:00', close: '17:00' }],
        defaultMinutes: 8,
        enabled: true,
      },
    ],
    windows: [
      {
        id: 'w1',
        number: 1,
        name: { zh: '1号窗口', en: 'Window 1' },
        services: [{ serviceId: 'svc-a', weight: 1 }],
      },
    ],
    staff: [{ code: '0042', name: 'Li Wei', role: 'clerk', active: true }],
  };
}

/**
 * A store on a fresh file in a temporary folder for each test of the calling file (opened in
 * `beforeEach`, closed and removed in `afterEach`); read `.store` inside the tests.
 */
export function useTempStore(options: { now?: () => number } = {}): {
  readonly store: Store;
  /** The store's file. */
  readonly file: string;
} {
  let tmp: TempDir | null = null;
  let current: Store | null = null;
  beforeEach(() => {
    tmp = tempDir();
    current = Store.open(tmp.file('hall.sqlite'), { now: options.now ?? (() => T0) });
  });
  afterEach(() => {
    current?.close();
    current = null;
    tmp?.remove();
    tmp = null;
  });
  return {
    get store(): Store {
      if (!current) throw new Error('the temporary store is open only inside a test');
      return current;
    },
    get file(): string {
      if (!tmp) throw new Error('the temporary store is open only inside a test');
      return tmp.file('hall.sqlite');
    },
  };
}
