import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkStaffLogin,
  DEMO_HALL,
  dummyPinHash,
  hashPin,
  LoginGuard,
  verifyPin,
} from '@onestop/hub';
import { HubTestHall } from './support/hall.js';
import { rawRequest } from './support/hostile-http.js';

/*
 * What a caller learns without credentials. `/api/health` tells anyone only that the hub is up
 * and its version; the database's path and size, the hall and its day are for the local
 * operator (a caller on the hub's machine) and an admin's session. And a refused login costs
 * the same hash work whether the staff code exists or not, so its time tells nothing.
 */

const config = structuredClone(DEMO_HALL);
config.staff.push(
  { code: 'GONE', name: '已离职', role: 'clerk', active: false },
  { code: 'NOPIN', name: '未设密码', role: 'clerk', active: true },
);

let hall: HubTestHall;
beforeAll(async () => {
  // As a caller from another machine: nobody counts as the local operator here.
  hall = await HubTestHall.start({ config, isOperator: () => false });
  hall.hub.store.setPinHash('GONE', await hashPin('1357'));
});
afterAll(async () => {
  await hall.close();
});

const health = async (headers: Record<string, string> = {}) => {
  const res = await rawRequest(hall.url, '/api/health', { headers });
  expect(res.status).toBe(200);
  return JSON.parse(res.body) as Record<string, unknown>;
};

describe('/api/health', () => {
  it('tells an anonymous caller only the status and the version', async () => {
    const body = await health();
    expect(Object.keys(body).sort()).toEqual(['status', 'version']);
    expect(body.status).toBe('ok');
    expect(JSON.stringify(body)).not.toContain(hall.dbPath);
    // A supervisor's session, or a token that is no session, is no admin's.
    const supervisor = await hall.login('S01', '2468');
    expect(Object.keys(await health({ authorization: `Bearer ${supervisor}` }))).toHaveLength(2);
    expect(Object.keys(await health({ authorization: 'Bearer not-a-session' }))).toHaveLength(2);
  });

  it('tells an admin with a session everything, the database too', async () => {
    const admin = await hall.login();
    const body = await health({ authorization: `Bearer ${admin}` });
    expect(body).toMatchObject({
      status: 'ok',
      dayStatus: 'open',
      db: { path: hall.dbPath, journalMode: 'wal' },
    });
    expect(body.db).toHaveProperty('sizeBytes');
  });

  it('tells the local operator everything (the default: a caller on the hub’s machine)', async () => {
    const local = await HubTestHall.start();
    try {
      const res = await rawRequest(local.url, '/api/health');
      expect(JSON.parse(res.body)).toMatchObject({ db: { path: local.dbPath } });
    } finally {
      await local.close();
    }
  });
});

/** The scrypt parameters of a stored hash (`scrypt$N$r$p$salt$key`), with salt and key sizes. */
function costOf(stored: string): string {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  const bytes = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64').length;
  return `${scheme} N=${n} r=${r} p=${p} salt=${bytes(salt)} key=${bytes(key)}`;
}

describe('a refused login', () => {
  it('runs one scrypt check of the same cost for an unknown, inactive or PIN-less code as for a wrong PIN', async () => {
    const real = hall.hub.store.getCredential('ADMIN')?.pinHash ?? '';
    expect(costOf(real)).toBe('scrypt N=4096 r=8 p=4 salt=16 key=32');
    const outcomes: Record<string, string> = {};
    const checked: Record<string, string[]> = {};
    // The seam: every PIN check goes through `verify`; the real one runs underneath.
    for (const staffCode of ['ADMIN', 'NOSUCH', 'GONE', 'NOPIN']) {
      const calls: string[] = [];
      const outcome = await checkStaffLogin(
        hall.hub,
        new LoginGuard(),
        { staffCode, pin: '0000', address: '192.0.2.1' },
        (pin, stored) => {
          calls.push(costOf(stored));
          return verifyPin(pin, stored);
        },
      );
      outcomes[staffCode] = outcome.ok ? 'OK' : outcome.code;
      checked[staffCode] = calls;
    }
    const one = ['scrypt N=4096 r=8 p=4 salt=16 key=32'];
    expect(checked).toEqual({ ADMIN: one, NOSUCH: one, GONE: one, NOPIN: one });
    expect(outcomes).toEqual({
      ADMIN: 'login_failed',
      NOSUCH: 'login_failed',
      GONE: 'login_failed',
      NOPIN: 'login_failed',
    });
  });

  it('is never let in by the dummy hash, even with the PIN it was made from', async () => {
    const dummy = await dummyPinHash();
    expect(costOf(dummy)).toBe(costOf(await hashPin('1234')));
    // The inactive code with its right PIN: checked against the dummy, and refused.
    const outcome = await checkStaffLogin(hall.hub, new LoginGuard(), {
      staffCode: 'GONE',
      pin: '1357',
      address: '192.0.2.2',
    });
    expect(outcome.ok).toBe(false);
  });
});
