import { createHash, randomFillSync, randomInt } from 'node:crypto';
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

const TOKEN_BYTES = 32;
/**
 * Tokens' entropy, drawn from the same CSPRNG 4 KiB at a time (as Node's `randomUUID` does):
 * one call per 128 tokens instead of one per token (5–7 µs each, once per issued ticket for its
 * access token). Each byte goes into one token only.
 */
const tokenPool = Buffer.alloc(TOKEN_BYTES * 128);
let tokenPoolAt = tokenPool.length;

/** A bearer token (32 random bytes): a paired device's, a staff session's, a ticket's access. */
export function newToken(): string {
  if (tokenPoolAt + TOKEN_BYTES > tokenPool.length) {
    randomFillSync(tokenPool);
    tokenPoolAt = 0;
  }
  const token = tokenPool.toString('base64url', tokenPoolAt, tokenPoolAt + TOKEN_BYTES);
  tokenPoolAt += TOKEN_BYTES;
  return token;
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
