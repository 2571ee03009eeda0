import { describe, expect, it } from "vitest";
import type { StoredUser } from "../storage/storage.js";
import { Authenticator, parseAuthorization } from "./authenticator.js";
import { generateSecret, hashSecret, keyIdOf, verifySecret } from "./secret-hash.js";

describe("secrets", () => {
  it("are generated with a public key id, hashed with a salt and verified only by the right secret", async () => {
    const { keyId, secret } = generateSecret();
    expect(keyIdOf(secret)).toBe(keyId);
    expect(keyIdOf("chr_short")).toBeUndefined();
    const hash = await hashSecret(secret);
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain(secret);
    expect(await hashSecret(secret)).not.toBe(hash); // salted
    expect(await verifySecret(secret, hash)).toBe(true);
    expect(await verifySecret(`${secret}x`, hash)).toBe(false);
    expect(await verifySecret(secret, undefined)).toBe(false);
    expect(await verifySecret(secret, "plain:text")).toBe(false);
  });
});

describe("parseAuthorization", () => {
  it("reads Basic (name:secret, the secret may hold colons) and Bearer, and nothing else", () => {
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    expect(parseAuthorization(`Basic ${b64("alice:a:b")}`)).toEqual({ kind: "basic", name: "alice", secret: "a:b" });
    expect(parseAuthorization("Bearer tok")).toEqual({ kind: "bearer", secret: "tok" });
    expect(parseAuthorization(`basic ${b64(":x")}`)).toBeUndefined();
    expect(parseAuthorization(`Basic ${b64("nocolon")}`)).toBeUndefined();
    expect(parseAuthorization("Negotiate abc")).toBeUndefined();
    expect(parseAuthorization(undefined)).toBeUndefined();
  });
});

describe("Authenticator", () => {
  async function setup(now: { t: number }) {
    const { keyId, secret } = generateSecret();
    const users: StoredUser[] = [{ name: "alice", role: "write", keyId, secretHash: await hashSecret(secret), createdAt: "", updatedAt: "" }];
    let reads = 0;
    const auth = new Authenticator({
      users: { listUsers: async () => (reads++, users) },
      maxFailures: 3,
      failureWindowMs: 10_000,
      refreshMs: 1000,
      now: () => now.t,
    });
    return { auth, secret, users, reads: () => reads };
  }

  it("re-reads the user table at most every refreshMs, so removed users stop working", async () => {
    const now = { t: 0 };
    const { auth, secret, users, reads } = await setup(now);
    const header = `Bearer ${secret}`;
    expect((await auth.authenticate(header, "a")).kind).toBe("ok");
    expect((await auth.authenticate(header, "a")).kind).toBe("ok");
    expect(reads()).toBe(1);
    users.pop();
    expect((await auth.authenticate(header, "a")).kind).toBe("ok"); // within refreshMs
    now.t = 1500;
    expect((await auth.authenticate(header, "a")).kind).toBe("unauthorized");
    expect(reads()).toBe(2);
  });

  it("counts failures per source within the window, then lets the source try again", async () => {
    const now = { t: 0 };
    const { auth, secret } = await setup(now);
    for (let i = 0; i < 3; i++) expect((await auth.authenticate("Bearer wrong", "x")).kind).toBe("unauthorized");
    const limited = await auth.authenticate(`Bearer ${secret}`, "x");
    expect(limited).toEqual({ kind: "rate-limited", retryAfterSeconds: 10 });
    expect((await auth.authenticate(`Bearer ${secret}`, "y")).kind).toBe("ok");
    now.t = 10_000;
    expect((await auth.authenticate(`Bearer ${secret}`, "x")).kind).toBe("ok");
    // A request without any credentials is not a failed attempt.
    for (let i = 0; i < 5; i++) expect((await auth.authenticate(undefined, "z")).kind).toBe("unauthorized");
    expect((await auth.authenticate(`Bearer ${secret}`, "z")).kind).toBe("ok");
  });
});
