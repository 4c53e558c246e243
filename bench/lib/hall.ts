import type { DeviceKind, PairResponse, Role } from '@onestop/shared';
import { HubClient, type HubClientOptions } from '@onestop/shared/client';
// The hub's modules from its build (`npm run build`): the same code the child process runs.
import { createDevice, DEMO_HALL, DEMO_STAFF, Hub } from '@onestop/hub';
import { pool, waitFor } from './util.js';

export { DEMO_HALL, DEMO_STAFF, Hub };

export interface DeviceRequest {
  kind: DeviceKind;
  count: number;
  /** For window terminals: one per window, in this order. */
  windowIds?: string[];
}

export interface RegisteredDevice {
  kind: DeviceKind;
  windowId: string | null;
  pairingCode: string;
}

/**
 * Registers devices before the hub child starts, by opening its database in this process, as
 * `onestop-hub pair` does: one transaction for all of them.
 */
export function registerDevices(dbPath: string, requests: DeviceRequest[]): RegisteredDevice[] {
  const hub = Hub.open({ dbPath, config: DEMO_HALL });
  try {
    return hub.store.transaction(() =>
      requests.flatMap((r) =>
        Array.from({ length: r.count }, (_, i) => {
          const windowId = r.windowIds?.[i] ?? null;
          const { pairingCode } = createDevice(
            hub.store,
            hub.config,
            { kind: r.kind, name: `bench ${r.kind} ${i + 1}`, windowId },
            hub.now(),
          );
          return { kind: r.kind, windowId, pairingCode };
        }),
      ),
    );
  } finally {
    hub.close();
  }
}

/** Trades each pairing code for the device's token over POST /api/pair, as a device does. */
export async function pairAll(url: string, devices: RegisteredDevice[]): Promise<string[]> {
  return pool(devices, 8, async (device) => {
    const res = await fetch(`${url}/api/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: device.pairingCode }),
    });
    const body = (await res.json()) as PairResponse;
    if (res.status !== 200) throw new Error(`pairing failed: ${JSON.stringify(body)}`);
    return body.token;
  });
}

/** A HubClient of `role`, connected and synced (its mirror holds the hall). */
export async function connectClient<R extends Role>(
  url: string,
  role: R,
  token: string,
  /** socket.io-client's `io`, for a bench that looks at the client's socket (kiosks.ts). */
  io?: HubClientOptions<R>['io'],
): Promise<HubClient<R>> {
  const client = new HubClient({
    url,
    role,
    token,
    ackTimeoutMs: 15_000,
    retries: 1,
    ...(io ? { io } : {}),
  });
  await waitFor(
    () => client.connection === 'online' || client.connection === 'refused',
    30_000,
    `a ${role} client to come online`,
  );
  if (client.connection === 'refused')
    throw new Error(`the hub refused a ${role}: ${String(client.refusal)}`);
  return client;
}

/** The demo PIN of a clerk: C01 → 1010 (see packages/hub/src/demo.ts). */
export function pinOf(staffCode: string): string {
  const staff = DEMO_STAFF.find((s) => s.code === staffCode);
  if (!staff) throw new Error(`no demo staff ${staffCode}`);
  return staff.pin;
}

/** A window terminal of `windowId` with clerk `staffCode` logged in and the window open. */
export async function openWindow(
  url: string,
  token: string,
  windowId: string,
  staffCode: string,
): Promise<HubClient<'window'>> {
  const client = await connectClient(url, 'window', token);
  const login = await client.command('staff_login', { staffCode, pin: pinOf(staffCode) });
  if (!login.ok) throw new Error(`staff_login ${staffCode} failed: ${login.error.code}`);
  const open = await client.command('open_window', {});
  if (!open.ok) throw new Error(`open_window ${windowId} failed: ${open.error.code}`);
  return client;
}

/** The services a kiosk issues for, round robin: every service without a daily quota. */
export const ISSUE_SERVICES: string[] = DEMO_HALL.services
  .filter((s) => s.dailyQuota === null)
  .map((s) => s.id);

/** The demo hall's windows and the clerk for each: w1 → C01, ... */
export const WINDOWS: { windowId: string; staffCode: string }[] = DEMO_HALL.windows.map((w, i) => ({
  windowId: w.id,
  staffCode: `C${String(i + 1).padStart(2, '0')}`,
}));
