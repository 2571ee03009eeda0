import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/** scrypt cost parameters (OWASP's minimum for scrypt: N=2^17 r=8 p=1 is the high end; 2^15 keeps a check near 50 ms). */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

function scryptAsync(secret: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/**
 * A freshly generated API secret: `chr_<keyId>_<random>`, where `keyId` (16 hex characters) is public and finds
 * the user for a Bearer token, and the 32 random bytes (base64url) are the secret proper. The whole string is
 * the password for HTTP Basic and the token for `Authorization: Bearer`.
 */
export interface GeneratedSecret {
  readonly keyId: string;
  readonly secret: string;
}

/** Generates a new API secret (see {@link GeneratedSecret}) from the operating system's CSPRNG. */
export function generateSecret(): GeneratedSecret {
  const keyId = randomBytes(8).toString("hex");
  return { keyId, secret: `chr_${keyId}_${randomBytes(32).toString("base64url")}` };
}

/** The key id inside a secret of the {@link generateSecret} form, or `undefined` for anything else. */
export function keyIdOf(secret: string): string | undefined {
  return /^chr_([0-9a-f]{16})_[A-Za-z0-9_-]{43}$/.exec(secret)?.[1];
}

/**
 * Hashes a secret for storage: `scrypt$N$r$p$<salt b64>$<hash b64>` with a random 16-byte salt. Only this is
 * stored; the secret cannot be recovered from it.
 */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt, KEY_LENGTH, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** A hash of a random secret, verified against when no user matches, so unknown names cost the same time. */
let dummyHash: Promise<string> | undefined;

/**
 * Checks `secret` against a stored hash in constant time (scrypt, then `timingSafeEqual`). With `undefined`
 * (no such user) it verifies against a dummy hash and returns false, taking the same time. A malformed stored
 * hash is false.
 */
export async function verifySecret(secret: string, stored: string | undefined): Promise<boolean> {
  const hash = stored ?? (await (dummyHash ??= hashSecret(randomBytes(32).toString("base64url"))));
  const parts = hash.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, "base64");
  const expected = Buffer.from(parts[5]!, "base64");
  if (!(N > 1 && r > 0 && p > 0) || expected.length === 0) return false;
  const actual = await scryptAsync(secret, salt, expected.length, { N, r, p, maxmem: Math.max(SCRYPT.maxmem, 256 * N * r) });
  return timingSafeEqual(actual, expected) && stored !== undefined;
}
