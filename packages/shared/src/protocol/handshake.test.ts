import { describe, expect, it } from 'vitest';
import { DEVICE_KINDS } from '../domain/types.js';
import { ENGINE_ERROR_CODES, ERROR_CODES, PROTOCOL_ERROR_CODES, isErrorCode } from './errors.js';
import { checkHandshake } from './handshake.js';
import { NAMESPACES, PROTOCOL_VERSION, ROLES, ROLE_OF_DEVICE_KIND } from './roles.js';

describe('roles and namespaces', () => {
  it('gives every role its own namespace and every device kind a role', () => {
    expect(Object.keys(NAMESPACES).sort()).toEqual([...ROLES].sort());
    expect(new Set(Object.values(NAMESPACES)).size).toBe(ROLES.length);
    for (const role of ROLES) expect(NAMESPACES[role]).toBe(`/${role}`);
    for (const kind of DEVICE_KINDS) expect(ROLES).toContain(ROLE_OF_DEVICE_KIND[kind]);
    // No device may pair into the admin console.
    expect(Object.values(ROLE_OF_DEVICE_KIND)).not.toContain('admin');
  });

  it('lists each error code once', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(ERROR_CODES.length).toBe(ENGINE_ERROR_CODES.length + PROTOCOL_ERROR_CODES.length);
    expect(isErrorCode('queue_empty')).toBe(true);
    expect(isErrorCode('invalid_message')).toBe(true);
    expect(isErrorCode('timeout')).toBe(false);
    expect(isErrorCode('constructor')).toBe(false);
    expect(isErrorCode(3)).toBe(false);
  });
});

describe('checkHandshake', () => {
  it('accepts the current version with a token', () => {
    expect(checkHandshake({ protocolVersion: PROTOCOL_VERSION, token: 'tok' })).toEqual({
      ok: true,
      auth: { protocolVersion: PROTOCOL_VERSION, token: 'tok' },
    });
  });

  it('says protocol_mismatch for another or no version, whatever else the auth holds', () => {
    for (const raw of [
      { protocolVersion: 2, token: 'tok' },
      { protocolVersion: '1', token: 'tok' },
      { token: 'tok' },
      { protocolVersion: 0, somethingNew: true },
      {},
      null,
      undefined,
      'v1',
    ]) {
      const check = checkHandshake(raw);
      expect(check.ok ? null : check.code, JSON.stringify(raw)).toBe('protocol_mismatch');
    }
    const check = checkHandshake({ protocolVersion: 2, token: 'tok' });
    expect(check.ok ? '' : check.message).toBe('this hub speaks protocol 1, the client 2');
  });

  it('says unauthorized for a malformed token or extra keys', () => {
    for (const raw of [
      { protocolVersion: 1 },
      { protocolVersion: 1, token: '' },
      { protocolVersion: 1, token: 't'.repeat(257) },
      { protocolVersion: 1, token: 42 },
      { protocolVersion: 1, token: 'tok', role: 'admin' },
    ]) {
      const check = checkHandshake(raw);
      expect(check.ok ? null : check.code, JSON.stringify(raw)).toBe('unauthorized');
    }
  });
});
