/**
 * `npm run bench`: the registry's read path, `GET /schemas/ids/{id}`, against a bare Fastify route that returns
 * the same bytes, measured in the same run with autocannon. Each server runs in its own child process so the
 * load generator does not share its event loop. Each round measures both, back to back (alternating which goes
 * first); the round with the median ratio registry / bare is reported with both throughputs and p99 latencies
 * (goal ≥ 0.85). Env: `BENCH_SECONDS` per run (default 3), `BENCH_ROUNDS` (default 7),
 * `BENCH_CONNECTIONS` (default 50).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const root = fileURLToPath(new URL("..", import.meta.url));

/** Starts a child process and resolves with the URL it prints (`listening <url>` or the registry's banner). */
function startServer(args: string[], env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url) resolve({ url, child });
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code} before listening: ${out}`)));
  });
}

interface Load {
  rps: number;
  p99: number;
}

async function load(url: string): Promise<Load> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const dir = mkdtempSync(join(tmpdir(), "charter-bench-"));
const schema = JSON.stringify({
  type: "record",
  name: "OrderPlaced",
  namespace: "com.example.orders",
  fields: [
    { name: "orderId", type: "string" },
    { name: "customerId", type: "long" },
    { name: "amount", type: { type: "bytes", logicalType: "decimal", precision: 12, scale: 2 } },
    { name: "placedAt", type: { type: "long", logicalType: "timestamp-millis" } },
    { name: "notes", type: ["null", "string"], default: null },
  ],
});
const children: ChildProcess[] = [];
try {
  const registry = await startServer(["cli/bin/charter.js", "serve", "--port", "0", "--db", join(dir, "bench.db")]);
  children.push(registry.child);
  const registered = await fetch(`${registry.url}/subjects/bench-value/versions`, {
    method: "POST",
    headers: { "content-type": "application/vnd.schemaregistry.v1+json" },
    body: JSON.stringify({ schema }),
  });
  const { id } = (await registered.json()) as { id: number };
  const target = `${registry.url}/schemas/ids/${id}`;
  const body = await (await fetch(target)).text();
  const bare = await startServer(["--import", "tsx", "bench/bare-fastify.ts"], { BENCH_BODY: body });
  children.push(bare.child);
  const bareTarget = `${bare.url}/schemas/ids/${id}`;
  if ((await (await fetch(bareTarget)).text()) !== body) throw new Error("baseline does not serve the same bytes");

  // Warm both up (JIT, connection pools) before measuring.
  await autocannon({ url: target, connections: CONNECTIONS, duration: 1 });
  await autocannon({ url: bareTarget, connections: CONNECTIONS, duration: 1 });
  // Paired rounds: each round measures both servers back to back, so a load change on the machine hits both
  // sides of that round's ratio; the median ratio over rounds is the figure reported.
  const rounds: Array<{ registry: Load; bare: Load; ratio: number }> = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const registryFirst = round % 2 === 1;
    const firstRun = await load(registryFirst ? target : bareTarget);
    const secondRun = await load(registryFirst ? bareTarget : target);
    const [r, b] = registryFirst ? [firstRun, secondRun] : [secondRun, firstRun];
    rounds.push({ registry: r, bare: b, ratio: r.rps / b.rps });
    console.log(`round ${round}: registry ${r.rps.toFixed(0)} req/s (p99 ${r.p99} ms), bare fastify ${b.rps.toFixed(0)} req/s (p99 ${b.p99} ms), ratio ${(r.rps / b.rps).toFixed(3)}`);
  }
  const median = [...rounds].sort((x, y) => x.ratio - y.ratio)[Math.floor(rounds.length / 2)]!;
  console.log(`GET /schemas/ids/{id}: ${median.registry.rps.toFixed(0)} req/s, p99 ${median.registry.p99} ms`);
  console.log(`bare Fastify, same bytes: ${median.bare.rps.toFixed(0)} req/s, p99 ${median.bare.p99} ms`);
  console.log(
    `read-path ratio (registry / bare Fastify, median of ${ROUNDS} paired rounds): ${median.ratio.toFixed(3)} (goal >= 0.85; ${CONNECTIONS} connections, ${SECONDS}s per run)`,
  );
} finally {
  for (const c of children) c.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
