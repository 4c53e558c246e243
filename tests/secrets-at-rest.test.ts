import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { CreateDeviceResult, PairResponse } from '@onestop/shared';
import { HubTestHall } from './support/hall.js';
import { connectRole, emitAck } from './support/hostile-sockets.js';

/*
 * A pairing code pairs a device for 24 hours: it is shown once and never written to disk. The
 * command results (kept for retries) are in the database, its WAL and every backup, so a
 * create_device keeps only the device there, and its retry gets a fresh code.
 */

let hall: HubTestHall;
let socket: Socket | null = null;
let backups: string | null = null;
afterEach(async () => {
  socket?.close();
  socket = null;
  await hall.close();
  if (backups) rmSync(backups, { recursive: true, force: true });
  backups = null;
});

/** The files of the database as they are on disk now: the file and its WAL. */
function bytesOnDisk(db: string): Buffer[] {
  return [db, `${db}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
}

const holds = (bytes: Buffer, text: string): boolean => bytes.includes(Buffer.from(text, 'utf8'));

async function createDevice(commandId: string): Promise<CreateDeviceResult> {
  const answer = (await emitAck(socket as Socket, 'create_device', [
    { commandId, kind: 'kiosk', name: '取号机 9 Kiosk 9', windowId: null },
  ])) as { ok: boolean; result?: CreateDeviceResult };
  expect(answer.ok, JSON.stringify(answer)).toBe(true);
  return answer.result as CreateDeviceResult;
}

describe('pairing codes at rest', () => {
  it('keeps no pairing code in the database, its WAL or a backup; a retry gets a fresh code', async () => {
    hall = await HubTestHall.start();
    socket = await connectRole(hall.url, 'admin', await hall.login());
    const first = await createDevice('create-kiosk-9-0001');
    const code = first.pairingCode ?? '';
    expect(code).toMatch(/^[A-Z0-9]{8}$/);

    // The WAL holds the commit (the hub is running: nothing was checkpointed by a close).
    const files = bytesOnDisk(hall.dbPath);
    expect(files.length).toBe(2);
    for (const bytes of files) expect(holds(bytes, code)).toBe(false);
    backups = mkdtempSync(join(tmpdir(), 'onestop-secrets-'));
    const backup = await hall.hub.store.backup(backups);
    expect(holds(readFileSync(backup), code)).toBe(false);
    // The device itself is there (the check would pass on an empty file too).
    expect(holds(readFileSync(backup), first.deviceId)).toBe(true);

    // The answer was lost: the console sends the same commandId again.
    const retry = await createDevice('create-kiosk-9-0001');
    expect(retry.deviceId).toBe(first.deviceId);
    expect(retry.pairingCode).toMatch(/^[A-Z0-9]{8}$/);
    expect(retry.pairingCode).not.toBe(code);
    expect(hall.hub.store.listDevices().filter((d) => d.id === first.deviceId)).toHaveLength(1);
    for (const bytes of bytesOnDisk(hall.dbPath)) {
      expect(holds(bytes, retry.pairingCode ?? '')).toBe(false);
    }

    // The replaced code no longer pairs; the fresh one does, once.
    const old = await hall.post<PairResponse>('/api/pair', { code });
    expect(old.status).toBe(400);
    const paired = await hall.post<PairResponse>('/api/pair', { code: retry.pairingCode });
    expect(paired.status).toBe(200);
    expect(paired.body.deviceId).toBe(first.deviceId);

    // Paired since: a late retry makes no new code (one would let another device pair over it).
    const late = await createDevice('create-kiosk-9-0001');
    expect(late).toEqual({ deviceId: first.deviceId, pairingCode: null, expiresAt: null });
    expect(hall.hub.store.device(first.deviceId)?.pairedAt).not.toBeNull();
  });
});
