/**
 * Crash safety, from outside: `charter serve` (the built CLI, `node cli/bin/charter.js serve`; `npm run build`
 * first, as `npm ci` does) is killed with SIGKILL again and again while 16 clients register schemas; after each
 * restart, and at the end, every acknowledged registration must be there with the same id and version, and no
 * id may serve two schemas or be handed out again. SQLite (10,000 registrations) and PostgreSQL
 * (`CHARTER_CRASH_PG_REGISTRATIONS`, default 1,000: PostgreSQL registers more slowly here, see docs/operations.md).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { PG_START_HINT, skipWithoutPostgres, testDatabase, type TestDatabase } from "./test-registry.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const CLI = join(root, "cli", "bin", "charter.js");
const V1 = "application/vnd.schemaregistry.v1+json";
const CLIENTS = 16;
const KILLS = 5;
const SQLITE_REGISTRATIONS = Number(process.env.CHARTER_CRASH_REGISTRATIONS ?? 10_000);
const PG_REGISTRATIONS = Number(process.env.CHARTER_CRASH_PG_REGISTRATIONS ?? 1_000);
const skipPg = await skipWithoutPostgres();

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
}

/** Starts `charter serve` on `db` and resolves once it listens. */
function serve(db: string): Promise<Server> {
  if (!existsSync(join(root, "cli", "dist", "main.js"))) throw new Error("cli/dist is missing: run `npm run build` first");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "serve", "--port", "0", "--db", db, "--log-level", "error", "--workers", "1"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const collect = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url !== undefined) resolve({ child, url });
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`charter serve exited with ${code} before listening: ${out}`)));
  });
}

function kill9(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once("exit", () => resolve());
    server.child.kill("SIGKILL");
  });
}

// node:http with keep-alive rather than fetch: a third of the client's CPU, which the server shares on two cores.
const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

function call(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  const headers = { "content-type": V1, ...(data === undefined ? {} : { "content-length": String(Buffer.byteLength(data)) }) };
  return new Promise((resolve, reject) => {
    const req = request(url + path, { method, agent, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("error", reject);
      // A response cut off by the kill: rejected (a no-op once settled), so the client retries.
      res.on("close", () => reject(new Error("response cut off")));
      res.on("end", () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on("error", reject);
    req.end(data);
  });
}

const schemaOf = (k: number) => JSON.stringify({ type: "record", name: `R${k}`, fields: [{ name: "k", type: "int", default: k }] });

interface Ack {
  readonly k: number;
  readonly subject: string;
  readonly id: number;
  readonly version: number;
}

/**
 * Runs the load with {@link KILLS} SIGKILLs spread over it; resolves with every acknowledged registration and
 * the server left running (restarted after the last kill).
 */
async function loadWithKills(db: string, total: number): Promise<{ acks: Ack[]; server: Server }> {
  let server = await serve(db);
  expect((await call(server.url, "PUT", "/config", { compatibility: "NONE" })).status).toBe(200);
  let restarting: Promise<void> | undefined;
  const acks: Ack[] = [];
  let next = 0;
  let killsLeft = KILLS;
  const killAndRestart = async () => {
    await kill9(server);
    server = await serve(db);
  };
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let k = next++; k < total; k = next++) {
        const subject = `s${k % 50}`;
        // Retry until acknowledged: a registration cut off by a kill may or may not have committed.
        for (;;) {
          if (restarting !== undefined) await restarting;
          try {
            const answer = await call(server.url, "POST", `/subjects/${subject}/versions`, { schema: schemaOf(k) });
            if (answer.status !== 200) throw new Error(`status ${answer.status}: ${JSON.stringify(answer.body)}`);
            const { id, version } = answer.body as { id: number; version: number };
            acks.push({ k, subject, id, version });
            break;
          } catch (e) {
            if (e instanceof Error && e.message.startsWith("status")) throw e;
            // Connection refused or reset: the server is being killed; wait for the restart.
            await (restarting ?? new Promise((r) => setTimeout(r, 20)));
          }
        }
        if (killsLeft > 0 && acks.length >= ((KILLS - killsLeft + 1) * total) / (KILLS + 1) && restarting === undefined) {
          killsLeft--;
          restarting = killAndRestart().finally(() => (restarting = undefined));
        }
      }
    }),
  );
  // One more kill with nothing in flight, then verify on a fresh process.
  await kill9(server);
  server = await serve(db);
  return { acks, server };
}

async function verify(server: Server, acks: readonly Ack[], total: number): Promise<void> {
  expect(acks.length).toBe(total);
  const listed = (await call(server.url, "GET", "/schemas")).body as Array<{ subject: string; version: number; id: number; schema: string }>;
  const stored = new Map(listed.map((v) => [`${v.subject}@${v.version}`, v]));
  const missing = acks.filter((a) => {
    const v = stored.get(`${a.subject}@${a.version}`);
    return v === undefined || v.id !== a.id || JSON.parse(v.schema).name !== `R${a.k}`;
  });
  expect(missing.slice(0, 5)).toEqual([]);
  // One id per schema and one schema per id.
  const byId = new Map<number, number>();
  for (const a of acks) {
    expect(byId.get(a.id) ?? a.k).toBe(a.k);
    byId.set(a.id, a.k);
  }
  expect(byId.size).toBe(total);
  for (const a of acks.slice(0, 20)) expect(JSON.parse(((await call(server.url, "GET", `/schemas/ids/${a.id}`)).body as { schema: string }).schema).name).toBe(`R${a.k}`);
  // Ids are never handed out again: a new schema gets one above every acknowledged id.
  const fresh = (await call(server.url, "POST", "/subjects/after-crash/versions", { schema: schemaOf(total) })).body as { id: number };
  expect(fresh.id).toBeGreaterThan(Math.max(...byId.keys()));
}

describe("crash safety: kill -9 during registrations loses nothing acknowledged", () => {
  const dirs: string[] = [];
  const dbs: TestDatabase[] = [];
  const servers: Server[] = [];
  afterAll(async () => {
    agent.destroy();
    await Promise.all(servers.map(kill9));
    for (const db of dbs) await db.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it(`SQLite: ${SQLITE_REGISTRATIONS} registrations, ${KILLS} kills`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "charter-crash-"));
    dirs.push(dir);
    const { acks, server } = await loadWithKills(join(dir, "registry.db"), SQLITE_REGISTRATIONS);
    servers.push(server);
    await verify(server, acks, SQLITE_REGISTRATIONS);
  }, 300_000);

  it.skipIf(skipPg)(`PostgreSQL: ${PG_REGISTRATIONS} registrations, ${KILLS} kills${skipPg ? ` (${PG_START_HINT})` : ""}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "charter-crash-pg-"));
    dirs.push(dir);
    const db = testDatabase(dir, "postgres");
    dbs.push(db);
    const { acks, server } = await loadWithKills(db.location, PG_REGISTRATIONS);
    servers.push(server);
    await verify(server, acks, PG_REGISTRATIONS);
  }, 300_000);
});
