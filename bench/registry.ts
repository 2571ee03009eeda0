/**
 * `npm run bench` (first part): the registry's write and check paths, from outside, each server in its own child
 * process (`node cli/bin/charter.js serve`; build first):
 * - register throughput, BACKWARD, small Avro records (each registration a new version that adds an optional
 *   field), on SQLite with `BENCH_CLIENTS` concurrent clients (default 16; goal ≥ 2,000/s), and on PostgreSQL with
 *   two instances on one database, the clients split between them (goal ≥ 1,000/s; `CHARTER_BENCH_PG_URL`,
 *   default postgres://postgres@127.0.0.1:5432/test, skipped with a note when unreachable);
 * - a FULL_TRANSITIVE compatibility check against 1,000 versions (median latency of `BENCH_CHECKS` checks,
 *   default 20; goal ≤ 20 ms).
 * Env: `BENCH_REGISTER_SECONDS` of registering per store (default 5).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const REGISTER_SECONDS = Number(process.env.BENCH_REGISTER_SECONDS ?? 5);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 20);
const PG_URL = process.env.CHARTER_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const V1 = "application/vnd.schemaregistry.v1+json";
const root = fileURLToPath(new URL("..", import.meta.url));
const children: ChildProcess[] = [];

/** Starts `charter serve` on a free port and resolves with its URL. */
function serve(db: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["cli/bin/charter.js", "serve", "--port", "0", "--db", db, "--log-level", "warn"], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    child.on("exit", (code) => reject(new Error(`charter serve exited with ${code}: ${out}`)));
  });
}

// node:http with keep-alive rather than fetch: fetch spent about a millisecond of CPU per request here, three
// times node:http's, and the clients share the two cores with the server being measured.
const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

function post(url: string, body: unknown, method = "POST"): Promise<unknown> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: { "content-type": V1, "content-length": String(Buffer.byteLength(data)) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("error", reject);
      res.on("end", () => {
        if (res.statusCode !== 200) return reject(new Error(`${method} ${url}: ${res.statusCode} ${text}`));
        try {
          resolve(JSON.parse(text));
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on("error", reject);
    req.end(data);
  });
}

/** Version `n` of a client's record: `n` optional fields after a required one (BACKWARD compatible with n − 1). */
function record(client: number, n: number): string {
  const fields = [{ name: "id", type: "string" }, ...Array.from({ length: n }, (_, i) => ({ name: `f${i}`, type: ["null", "long"], default: null }))];
  return JSON.stringify({ type: "record", name: `Event${client}`, namespace: "bench", fields });
}

/**
 * Registrations per second from `CLIENTS` concurrent clients (client c on `urls[c % urls.length]`) over
 * `seconds`, each client into its own subjects, 25 versions per subject, every one a new version of a new schema.
 */
async function registerThroughput(urls: readonly string[], seconds: number, run: string): Promise<number> {
  // Warm up: one registration per client (workers, JIT, connections).
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => post(`${urls[c % urls.length]}/subjects/${run}-warm-${c}/versions`, { schema: record(c, 0) })));
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const url = urls[c % urls.length]!;
      for (let i = 0; performance.now() < deadline; i++) {
        const answer = (await post(`${url}/subjects/${run}-c${c}-s${Math.floor(i / 25)}/versions`, { schema: record(c + 1000 * Math.floor(i / 25), i % 25) })) as { id: number };
        if (typeof answer.id !== "number") throw new Error("no id");
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/** Median latency, in ms, of a FULL_TRANSITIVE check of a new version against 1,000. */
async function transitiveCheck(url: string): Promise<number> {
  // 1,000 versions, each with its own optional field: every pair is FULL compatible.
  await post(`${url}/config/transitive`, { compatibility: "NONE" }, "PUT");
  const version = (k: number) => JSON.stringify({ type: "record", name: "Wide", fields: [{ name: "id", type: "string" }, { name: `v${k}`, type: ["null", "string"], default: null }] });
  for (let k = 0; k < 1000; k += 20) await Promise.all(Array.from({ length: 20 }, (_, j) => post(`${url}/subjects/transitive/versions`, { schema: version(k + j) })));
  await post(`${url}/config/transitive`, { compatibility: "FULL_TRANSITIVE" }, "PUT");
  const times: number[] = [];
  for (let i = 0; i < CHECKS + 2; i++) {
    const t0 = performance.now();
    const answer = (await post(`${url}/compatibility/subjects/transitive/versions`, { schema: version(5000 + i) })) as { is_compatible: boolean };
    if (i >= 2) times.push(performance.now() - t0);
    if (!answer.is_compatible) throw new Error("the transitive check refused a compatible schema");
  }
  const versions = (await (await fetch(`${url}/subjects/transitive/versions`)).json()) as number[];
  if (versions.length !== 1000) throw new Error(`expected 1000 versions, found ${versions.length}`);
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 5432) });
    socket.setTimeout(2000, () => (socket.destroy(), resolve(false)));
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

const dir = mkdtempSync(join(tmpdir(), "charter-bench-registry-"));
const schema = `bench_${process.pid}`;
let pgUsed = false;
try {
  const sqlite = await serve(join(dir, "bench.db"));
  const sqliteRate = await registerThroughput([sqlite], REGISTER_SECONDS, "sqlite");
  console.log(`register, SQLite, ${CLIENTS} clients: ${sqliteRate.toFixed(0)} registrations/s (goal >= 2000)`);
  const check = await transitiveCheck(sqlite);
  console.log(`FULL_TRANSITIVE check against 1000 versions (SQLite): median ${check.toFixed(1)} ms of ${CHECKS} (goal <= 20 ms)`);
  if (await reachable(PG_URL)) {
    pgUsed = true;
    const url = `${PG_URL}?schema=${schema}`;
    const a = await serve(url);
    const b = await serve(url);
    const pgRate = await registerThroughput([a, b], REGISTER_SECONDS, "pg");
    console.log(`register, PostgreSQL, 2 instances, ${CLIENTS} clients: ${pgRate.toFixed(0)} registrations/s (goal >= 1000)`);
  } else {
    console.log(`register, PostgreSQL: skipped, ${PG_URL} is not reachable (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)`);
  }
} finally {
  await Promise.all(
    children.map((c) => new Promise<void>((resolve) => (c.exitCode !== null ? resolve() : (c.once("exit", () => resolve()), c.kill("SIGTERM"))))),
  );
  agent.destroy();
  rmSync(dir, { recursive: true, force: true });
  if (pgUsed) {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}
