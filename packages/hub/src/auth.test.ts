import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPin, hashSecret, newPairingCode, newToken, verifyPin } from './auth.js';

describe('auth', () => {
  it('hashes a PIN with a salt and verifies only that PIN', async () => {
    const a = await hashPin('1234');
    const b = await hashPin('1234');
    expect(a).toMatch(/^scrypt\$4096\$8\$4\$/);
    expect(a).not.toBe(b); // salted
    expect(await verifyPin('1234', a)).toBe(true);
    expect(await verifyPin('1235', a)).toBe(false);
  });

  it('still verifies hashes made with other parameters, and refuses malformed ones', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('2468', salt, 32, { N: 16384, r: 8, p: 1 });
    const old = `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPin('2468', old)).toBe(true);
    for (const bad of [
      '',
      'bcrypt$x',
      'scrypt$1$2$3',
      `scrypt$16384$8$1$${salt.toString('base64')}$`,
    ]) {
      expect(await verifyPin('2468', bad)).toBe(false);
    }
  });

  it('makes tokens and pairing codes that are random and easy to type', () => {
    expect(newToken()).not.toBe(newToken());
    expect(newToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Across several refills of the pool the tokens are drawn from: every one new, all 32 bytes.
    const tokens = Array.from({ length: 1000 }, () => newToken());
    expect(new Set(tokens).size).toBe(1000);
    for (const t of tokens) expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    const codes = Array.from({ length: 200 }, () => newPairingCode());
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(new Set(codes).size).toBe(200);
    expect(hashSecret('x')).toBe(hashSecret('x'));
    expect(hashSecret('x')).toMatch(/^[0-9a-f]{64}$/);
  });
});
