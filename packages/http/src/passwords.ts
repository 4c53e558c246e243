import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/*
 * Secrets people type (a clerk's PIN at the hub, a regional account's password) are kept as
 * salted scrypt hashes, `scrypt$N$r$p$salt$key`, by this one function for the hub and the region.
 */

/**
 * N=4096, r=8, p=4: about the work of N=16384, p=1, in a quarter of the memory (4 MiB a hash).
 * glibc keeps a freed scrypt buffer in the thread's arena, so a 16 MiB one per libuv thread stayed
 * in the hub's memory for good. A PIN has few digits anyway: the lockout is what stops guessing.
 */
const SCRYPT = { N: 4096, r: 8, p: 4, keyLen: 32 } as const;

function scryptAsync(
  secret: string,
  salt: Buffer,
  n: number,
  r: number,
  p: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, SCRYPT.keyLen, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

/** A salted scrypt hash of `secret`. */
export async function hashPassword(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Whether `secret` is the one `stored` was made from (in constant time). */
export async function verifyPassword(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(
    secret,
    Buffer.from(salt, 'base64'),
    Number(n),
    Number(r),
    Number(p),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let dummy: Promise<string> | null = null;

/**
 * A hash of no one, made once with the same scrypt parameters as every new hash. A login with an
 * unknown name is checked against it: the refusal then takes as long as a wrong secret for a
 * known name, so its time does not tell which names exist.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(String(randomInt(10 ** 8)).padStart(8, '0'));
  return dummy;
}
