import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Authenticator, openStorage, startRegistry } from "@charter/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-cli.js";

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "charter-users-"));
  db = join(dir, "charter.db");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("charter users", () => {
  it("adds, lists, rotates and removes users; secrets are printed once and stored only as hashes", async () => {
    const added = await runCli(["users", "add", "alice", "--role", "admin", "--db", db]);
    expect(added.code).toBeUndefined();
    const secret = added.stdout.trim();
    expect(secret).toMatch(/^chr_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(added.stderr).toMatch(/only time/);
    expect((await runCli(["users", "add", "bob", "--role", "write", "--subject-prefix", "orders.", "--db", db])).code).toBeUndefined();

    const storage = await openStorage(db, { exclusive: false });
    const alice = await storage.getUser("alice");
    expect(alice?.secretHash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(await storage.listUsers())).not.toContain(secret.slice(22));
    const auth = new Authenticator({ users: storage });
    expect(await auth.authenticate(`Bearer ${secret}`, "t")).toMatchObject({ kind: "ok", principal: { user: "alice", role: "admin" } });

    const list = await runCli(["users", "list", "--db", db, "--output", "json"]);
    expect(JSON.parse(list.stdout)).toMatchObject([
      { name: "alice", role: "admin", subjectPrefix: null },
      { name: "bob", role: "write", subjectPrefix: "orders." },
    ]);
    const text = await runCli(["users", "list"], { CHARTER_DB: db });
    expect(text.stdout).toMatch(/^NAME\s+ROLE\s+SUBJECT PREFIX/);
    expect(text.stdout).toMatch(/bob\s+write\s+orders\./);

    const rotated = await runCli(["users", "rotate", "alice", "--db", db]);
    const newSecret = rotated.stdout.trim();
    expect(newSecret).not.toBe(secret);
    await auth.reload();
    expect((await auth.authenticate(`Bearer ${secret}`, "t")).kind).toBe("unauthorized");
    expect((await auth.authenticate(`Bearer ${newSecret}`, "t")).kind).toBe("ok");

    expect((await runCli(["users", "remove", "bob", "--db", db])).code).toBeUndefined();
    expect((await runCli(["users", "remove", "bob", "--db", db])).code).toBe(1);
    expect((await runCli(["users", "add", "alice", "--role", "read", "--db", db])).code).toBe(1);
    expect((await runCli(["users", "add", "carol", "--role", "owner", "--db", db])).code).toBe(1);
    expect((await runCli(["users", "add", "bad name", "--role", "read", "--db", db])).code).toBe(1);
    await storage.close();
  });

  it("works while a registry serves the same database", async () => {
    const shared = join(dir, "served.db");
    const registry = await startRegistry({ port: 0, dbPath: shared, logger: false, auth: true });
    try {
      const added = await runCli(["users", "add", "late", "--role", "read", "--db", shared]);
      expect(added.code).toBeUndefined();
      // The registry re-reads its user table within 5 s: the new user gets in without a restart.
      let status = 0;
      for (let i = 0; i < 14 && status !== 200; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 500));
        status = (await fetch(`${registry.url}/v1/auth/me`, { headers: { authorization: `Bearer ${added.stdout.trim()}` } })).status;
      }
      expect(status).toBe(200);
    } finally {
      await registry.close();
    }
  });
});
