import { createHash, randomBytes, randomInt } from 'node:crypto';
import { dummyPasswordHash, hashPassword, verifyPassword } from '@onestop/http';

/** PINs are hashed with scrypt (salted); tokens and pairing codes with SHA-256 (they are random). */

/** A PIN's salted scrypt hash (@onestop/http's, the same for the region's passwords). */
export const hashPin = (pin: string): Promise<string> => hashPassword(pin);

export const verifyPin = (pin: string, stored: string): Promise<boolean> =>
  verifyPassword(pin, stored);

/**
 * A PIN hash of no one, with the same scrypt parameters as every new hash. A login with an
 * unknown or inactive staff code, or one without a PIN, is checked against it: the answer then
 * takes as long as a wrong PIN for a known code, so the time of a refusal does not tell which
 * staff codes exist (it was 1 ms for an unknown code, 47 ms for a known one).
 */
export const dummyPinHash = (): Promise<string> => dummyPasswordHash();

/** A bearer token for a paired device or a staff session. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** No 0/O, 1/I/L: the code is read off a screen and typed on a touch keyboard. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newPairingCode(length = 8): string {
  let code = '';
  for (let i = 0; i < length; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}
