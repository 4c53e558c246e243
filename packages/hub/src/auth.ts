import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/** PINs are hashed with scrypt (salted); tokens and pairing codes with SHA-256 (they are random). */

/**
 * N=4096, r=8, p=4: about the work of N=16384, p=1, in a quarter of the memory (4 MiB a hash).
 * glibc keeps a freed scrypt buffer in the thread's arena, so a 16 MiB one per libuv thread stayed
 * in the hub's memory for good. A PIN has few digits anyway: the lockout is what stops guessing.
 */
const SCRYPT = { N: 4096, r: 8, p: 4, keyLen: 32 } as const;

function scryptAsync(pin: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, SCRYPT.keyLen, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(pin, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(
    pin,
    Buffer.from(salt, 'base64'),
    Number(n),
    Number(r),
    Number(p),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let dummy: Promise<string> | null = null;

/**
 * A PIN hash of no one, made once with the same scrypt parameters as every new hash. A login
 * with an unknown or inactive staff code, or one without a PIN, is checked against it: the
 * answer then takes as long as a wrong PIN for a known code, so the time of a refusal does not
 * tell which staff codes exist (it was 1 ms for an unknown code, 47 ms for a known one).
 */
export function dummyPinHash(): Promise<string> {
  dummy ??= hashPin(String(randomInt(10 ** 8)).padStart(8, '0'));
  return dummy;
}

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
