import { createHash } from "node:crypto";
import type { StorageReader, StoredUser, UserRole } from "../storage/storage.js";
import { keyIdOf, verifySecret } from "./secret-hash.js";

/** Who a request runs as. With authentication off every request is an anonymous admin without a prefix. */
export interface Principal {
  readonly user: string | null;
  readonly role: UserRole;
  /** Subjects this principal may touch start with it; `null` = all subjects. */
  readonly subjectPrefix: string | null;
}

/** The principal of every request when authentication is off. */
export const ANONYMOUS_ADMIN: Principal = { user: null, role: "admin", subjectPrefix: null };

/** Options of {@link Authenticator}. */
export interface AuthenticatorOptions {
  /** Where users live (read through `listUsers`, re-read at most every `refreshMs`). */
  readonly users: Pick<StorageReader, "listUsers">;
  /** How stale the in-memory user table may get, in ms: removals and rotations by another process apply within it. Default 5000. */
  readonly refreshMs?: number;
  /** Failed attempts allowed per source within `failureWindowMs` before 429. Default 20. */
  readonly maxFailures?: number;
  /** The failure-counting window, in ms. Default 60 000. */
  readonly failureWindowMs?: number;
  /** Verified credentials remembered (by SHA-256), so scrypt runs once per credential, not per request. Default 10 000. */
  readonly cacheSize?: number;
  /** Clock, for tests. Default `Date.now`. */
  readonly now?: () => number;
}

/** The outcome of {@link Authenticator.authenticate}. */
export type AuthResult =
  | { readonly kind: "ok"; readonly principal: Principal }
  | { readonly kind: "unauthorized"; readonly reason: string }
  | { readonly kind: "rate-limited"; readonly retryAfterSeconds: number };

/** Credentials from an `Authorization` header. */
type Credentials = { readonly kind: "basic"; readonly name: string; readonly secret: string } | { readonly kind: "bearer"; readonly secret: string };

/**
 * Parses `Authorization: Basic base64(name:secret)` (what Confluent clients send for `basic.auth.user.info`)
 * or `Authorization: Bearer <secret>`; `undefined` for anything else. Scheme names are case-insensitive.
 */
export function parseAuthorization(header: string | undefined): Credentials | undefined {
  if (header === undefined) return undefined;
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header);
  if (match === null) return undefined;
  const scheme = match[1]!.toLowerCase();
  if (scheme === "bearer") return { kind: "bearer", secret: match[2]! };
  if (scheme !== "basic") return undefined;
  const decoded = Buffer.from(match[2]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return undefined;
  return { kind: "basic", name: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/**
 * Checks credentials against the stored users. Timing-safe: scrypt and `timingSafeEqual` for every attempt,
 * including unknown users (verified against a dummy hash). Verified credentials are remembered by SHA-256 of
 * the header together with the hash they matched, so a rotated or removed user stops working as soon as the
 * user table is re-read. Failed attempts are counted per source (`ip`); over `maxFailures` within the window
 * every attempt from that source answers rate-limited until the window ends. Secrets are never kept in clear.
 */
export class Authenticator {
  private readonly refreshMs: number;
  private readonly maxFailures: number;
  private readonly failureWindowMs: number;
  private readonly cacheSize: number;
  private readonly now: () => number;
  private byName = new Map<string, StoredUser>();
  private byKeyId = new Map<string, StoredUser>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;
  /** SHA-256(header) → the secret hash it verified against. */
  private readonly verified = new Map<string, string>();
  private readonly failures = new Map<string, { count: number; windowStart: number }>();

  constructor(private readonly options: AuthenticatorOptions) {
    this.refreshMs = options.refreshMs ?? 5000;
    this.maxFailures = options.maxFailures ?? 20;
    this.failureWindowMs = options.failureWindowMs ?? 60_000;
    this.cacheSize = options.cacheSize ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Re-reads the user table now (after a change made in this process). */
  async reload(): Promise<void> {
    const users = await this.options.users.listUsers();
    this.byName = new Map(users.map((u) => [u.name, u]));
    this.byKeyId = new Map(users.map((u) => [u.keyId, u]));
    this.loadedAt = this.now();
  }

  private async users(): Promise<void> {
    if (this.now() - this.loadedAt < this.refreshMs) return;
    await (this.loading ??= this.reload().finally(() => {
      this.loading = undefined;
    }));
  }

  /** Number of users known (from the last read of the user table). */
  get userCount(): number {
    return this.byName.size;
  }

  /** Authenticates the `Authorization` header of a request from `source` (its IP address). */
  async authenticate(header: string | undefined, source: string): Promise<AuthResult> {
    const limited = this.retryAfter(source);
    if (limited !== undefined) return { kind: "rate-limited", retryAfterSeconds: limited };
    const credentials = parseAuthorization(header);
    if (credentials === undefined) {
      // No credentials at all is not an attempt (clients send none first, then answer the challenge).
      if (header === undefined) return { kind: "unauthorized", reason: "Authentication required" };
      this.fail(source);
      return { kind: "unauthorized", reason: "Unsupported or malformed Authorization header" };
    }
    await this.users();
    const keyId = keyIdOf(credentials.secret);
    const user = credentials.kind === "basic" ? this.byName.get(credentials.name) : keyId === undefined ? undefined : this.byKeyId.get(keyId);
    // A Basic secret must belong to the named user (its key id), so a leaked key id alone is useless.
    const candidate = user !== undefined && keyId === user.keyId ? user : undefined;
    const digest = createHash("sha256").update(header!).digest("base64");
    const remembered = this.verified.get(digest);
    if (candidate !== undefined && remembered !== undefined && remembered === candidate.secretHash) {
      return { kind: "ok", principal: toPrincipal(candidate) };
    }
    const ok = await verifySecret(credentials.secret, candidate?.secretHash);
    if (!ok || candidate === undefined) {
      this.fail(source);
      return { kind: "unauthorized", reason: "Invalid credentials" };
    }
    if (this.verified.size >= this.cacheSize) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(digest, candidate.secretHash);
    return { kind: "ok", principal: toPrincipal(candidate) };
  }

  /** Seconds until `source` may try again, or `undefined` when it is not rate-limited. */
  private retryAfter(source: string): number | undefined {
    const entry = this.failures.get(source);
    if (entry === undefined) return undefined;
    const elapsed = this.now() - entry.windowStart;
    if (elapsed >= this.failureWindowMs) {
      this.failures.delete(source);
      return undefined;
    }
    return entry.count >= this.maxFailures ? Math.ceil((this.failureWindowMs - elapsed) / 1000) : undefined;
  }

  private fail(source: string): void {
    const now = this.now();
    const entry = this.failures.get(source);
    if (entry === undefined || now - entry.windowStart >= this.failureWindowMs) {
      // Bound the table: forget expired sources when it grows.
      if (this.failures.size >= 100_000) {
        for (const [k, v] of this.failures) if (now - v.windowStart >= this.failureWindowMs) this.failures.delete(k);
      }
      this.failures.set(source, { count: 1, windowStart: now });
    } else {
      entry.count++;
    }
  }
}

function toPrincipal(user: StoredUser): Principal {
  return { user: user.name, role: user.role, subjectPrefix: user.subjectPrefix ?? null };
}
