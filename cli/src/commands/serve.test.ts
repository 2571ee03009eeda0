import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "@charter/contracts/core";
import { LIMIT_SETTINGS, SERVE_DEFAULTS } from "../serve-options.js";
import { runCli } from "../test-cli.js";

const ROOT = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
const V1 = "application/vnd.schemaregistry.v1+json";
const SCHEMA = JSON.stringify({ type: "record", name: "Durable", fields: [{ name: "x", type: "int" }] });

interface Server {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/**
 * Spawns `charter serve` as a user runs it (`node cli/bin/charter.js`, which vitest.global-setup.ts builds from
 * the sources), waiting for its "listening on" line.
 */
function serve(args: string[], env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, [join(ROOT, "cli/bin/charter.js"), "serve", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  return new Promise((done, fail) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /Charter registry listening on (http:\/\/\S+)/.exec(out);
      if (m) done({ child, url: m[1]!, exited });
    });
    void exited.then((code) => fail(new Error(`charter serve exited with ${code}: ${err}`)));
  });
}

async function registerSchema(url: string, subject: string): Promise<{ id: number; version: number }> {
  const res = await fetch(`${url}/subjects/${subject}/versions`, {
    method: "POST",
    headers: { "content-type": V1 },
    body: JSON.stringify({ schema: SCHEMA }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { id: number; version: number };
}

describe("charter serve", () => {
  let dir: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "charter-serve-"));
  });
  afterEach(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    children.length = 0;
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps an acknowledged registration across kill -9 (env settings, db directory created)", async () => {
    const db = join(dir, "deep", "data", "charter.db");
    const first = await serve([], { CHARTER_PORT: "0", CHARTER_DB: db, CHARTER_HOST: "127.0.0.1" });
    children.push(first.child);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(join(dir, "deep", "data"))).toBe(true);
    expect(await registerSchema(first.url, "durable-value")).toEqual({ id: 1, version: 1 });
    first.child.kill("SIGKILL");
    await first.exited;

    const second = await serve(["--port", "0", "--db", db]);
    children.push(second.child);
    const version = (await (await fetch(`${second.url}/subjects/durable-value/versions/1`)).json()) as { guid: unknown };
    expect(version).toMatchObject({ id: 1, version: 1, subject: "durable-value" });
    expect(version.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const byId = await fetch(`${second.url}/schemas/ids/1`);
    expect(await byId.json()).toEqual({ schema: SCHEMA, guid: version.guid });
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });

  it("drains an in-flight request on SIGTERM, then exits 0", async () => {
    const db = join(dir, "charter.db");
    const server = await serve(["--port", "0", "--db", db]);
    children.push(server.child);
    const body = JSON.stringify({ schema: SCHEMA });
    const { hostname, port } = new URL(server.url);
    // Start a request, send half its body, signal, then finish it: it must still be answered.
    const answer = new Promise<{ status: number; body: string; connection: string | undefined }>((done, fail) => {
      const req = request(
        { hostname, port, method: "POST", path: "/subjects/drain/versions", headers: { "content-type": V1, "content-length": Buffer.byteLength(body) } },
        (res) => {
          let text = "";
          res.on("data", (d: Buffer) => (text += d.toString()));
          res.on("end", () => done({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }));
        },
      );
      req.on("error", fail);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        server.child.kill("SIGTERM");
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 200);
    });
    // Connection: close, so the client's keep-alive connection does not hold the exit until its idle timeout.
    expect(await answer).toEqual({ status: 200, body: JSON.stringify({ id: 1, version: 1 }), connection: "close" });
    expect(await server.exited).toBe(0);
    // The drained write is durable.
    const again = await serve(["--port", "0", "--db", db]);
    children.push(again.child);
    expect(await (await fetch(`${again.url}/subjects/drain/versions`)).json()).toEqual([1]);
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  });

  it("exits 1 with a message for an invalid port", async () => {
    await expect(serve(["--port", "99999", "--db", join(dir, "x.db")])).rejects.toThrow(/exited with 1.*Invalid port/s);
  });

  it("refuses a non-loopback address without --auth, and serves it with --allow-anonymous", async () => {
    await expect(serve(["--host", "0.0.0.0", "--port", "0", "--db", join(dir, "open.db")])).rejects.toThrow(/exited with 1.*refusing to serve 0\.0\.0\.0 without authentication/s);
    const open = await serve(["--host", "0.0.0.0", "--port", "0", "--db", join(dir, "open.db"), "--allow-anonymous"]);
    children.push(open.child);
    const { port } = new URL(open.url);
    expect((await fetch(`http://127.0.0.1:${port}/v1/auth/me`)).status).toBe(200);
    open.child.kill("SIGTERM");
    expect(await open.exited).toBe(0);
  });

  it("with --auth on a non-loopback address, answers 401 with a challenge without credentials", async () => {
    const server = await serve(["--host", "0.0.0.0", "--port", "0", "--db", join(dir, "auth.db"), "--auth"]);
    children.push(server.child);
    const { port } = new URL(server.url);
    const res = await fetch(`http://127.0.0.1:${port}/subjects`);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Basic/);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });
});

describe("charter serve: first-run messages", () => {
  it("--help shows every default: address, port, database, log level, limits, workers, CORS", async () => {
    const run = await runCli(["serve", "--help"]);
    expect(run.code).toBe(0);
    const help = run.stdout.replace(/\s+/g, " ");
    for (const shown of [
      `default ${SERVE_DEFAULTS.host}`,
      `default ${SERVE_DEFAULTS.port}`,
      `default ${SERVE_DEFAULTS.dbPath}`,
      `default ${SERVE_DEFAULTS.logLevel}`,
      "default off (env CHARTER_AUTH=on)",
      "default: metrics on",
      "default the CPU count",
      "default none, CORS off",
      ...Object.entries(DEFAULT_LIMITS)
        .filter(([limit]) => LIMIT_SETTINGS.some((s) => s.limit === limit))
        .map(([, value]) => `default ${String(value)}`),
    ]) {
      expect(help).toContain(shown);
    }
  });

  it("a port in use says which, and to use --port or CHARTER_PORT", async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, "127.0.0.1", done));
    const port = (taken.address() as AddressInfo).port;
    try {
      const run = await runCli(["serve", "--port", String(port), "--db", ":memory:", "--workers", "0"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`charter serve: cannot start: port ${port} is in use: use --port or CHARTER_PORT`);
      expect(run.stdout).toBe("");
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });
});
