import { randomUUID } from 'node:crypto';
import type { DeviceKind, HallConfig } from '@onestop/shared';
import { hashSecret, newPairingCode, newToken } from '../../auth.js';
import type { Device, Store } from '../../store/index.js';

/** How long a one-time pairing code may be used. */
export const PAIRING_CODE_MS = 24 * 60 * 60_000;

export interface NewDevice {
  deviceId: string;
  pairingCode: string;
  expiresAt: number;
}

export class DeviceError extends Error {}

/**
 * Registers a device and gives it a one-time pairing code. The code is shown once and only
 * its hash is kept; the device trades it for its own token at POST /api/pair.
 */
export function createDevice(
  store: Store,
  config: HallConfig,
  input: { kind: DeviceKind; name: string; windowId: string | null },
  now: number,
  /** Give a new code to this existing device instead of registering another. */
  existingId: string | null = null,
): NewDevice {
  const needsWindow = input.kind === 'window_terminal' || input.kind === 'rating_pad';
  if (needsWindow && !config.windows.some((w) => w.id === input.windowId)) {
    const known = config.windows.map((w) => w.id).join(', ');
    throw new DeviceError(
      `a ${input.kind} needs one of the hall's windows (${known}), not "${input.windowId ?? ''}"`,
    );
  }
  if (!needsWindow && input.windowId !== null) {
    throw new DeviceError(`a ${input.kind} belongs to no window`);
  }
  const deviceId = existingId ?? randomUUID();
  const pairingCode = newPairingCode();
  const expiresAt = now + PAIRING_CODE_MS;
  store.transaction(() => {
    if (!existingId) {
      store.createDevice({
        id: deviceId,
        kind: input.kind,
        name: input.name,
        windowId: input.windowId,
      });
    }
    store.createPairingCode(deviceId, hashSecret(pairingCode), expiresAt);
  });
  return { deviceId, pairingCode, expiresAt };
}

/**
 * Trades a one-time pairing code (case-insensitive) for the device's own token: the token is
 * returned once, only its hash is kept (replacing any earlier one). Null when the code is
 * unknown, used or expired, or its device was unpaired.
 */
export function pairDevice(
  store: Store,
  pairingCode: string,
  now: number,
): { device: Device; token: string } | null {
  const token = newToken();
  const device = store.redeemPairingCode(
    hashSecret(pairingCode.toUpperCase()),
    hashSecret(token),
    now,
  );
  return device ? { device, token } : null;
}
