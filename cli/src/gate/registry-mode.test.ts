import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { startRegistry, type RunningRegistry } from "@charter/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGateFixture, git, lineOf, removeDir, tempDir, writeFiles, type GateFixture } from "../../test/gate-fixture.js";
import { gateReport } from "./report.js";
import type { ContractResult, GateResult } from "./result.js";
import { runGate, type GateOptions } from "./run-gate.js";

const run = (cwd: string, options: Omit<GateOptions, "cwd" | "env"> & { env?: Record<string, string> } = {}): Promise<GateResult> => runGate({ env: {}, ...options, cwd });

/** Per contract file: verdict and the sorted rule ids of its open findings. */
const verdicts = (result: GateResult): Record<string, { verdict: string; rules: string[] }> =>
  Object.fromEntries(result.contracts.map((c: ContractResult) => [c.file, { verdict: c.verdict, rules: [...new Set(c.violations.map((v) => v.rule))].sort() }]));

async function api<T>(registry: RunningRegistry, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${registry.url}${path}`, { method, headers: { "content-type": "application/vnd.schemaregistry.v1+json" }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return (await response.json()) as T;
}

describe("registry mode against Charter's registry (in-process)", () => {
  let root: string;
  let fixture: GateFixture;
  let registry: RunningRegistry;

  beforeAll(async () => {
    root = tempDir("registry");
    fixture = buildGateFixture(join(root, "repo"));
    registry = await startRegistry({ dbPath: join(root, "registry.db"), port: 0 });
  });
  afterAll(async () => {
    await registry?.close();
    removeDir(root);
  });

  it("registers the base contracts with --register --all, references first", async () => {
    git(fixture.dir, "checkout", "-q", "main");
    const result = await run(fixture.dir, { registry: registry.url, register: true, all: true });
    git(fixture.dir, "checkout", "-q", "feature");
    expect(result.problems).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.contracts.every((c) => c.registered !== undefined)).toBe(true);
    const subjects = await api<string[]>(registry, "GET", "/subjects");
    expect(subjects).toEqual(expect.arrayContaining(["proto/opentelemetry/proto/trace/v1/trace.proto", "schemas/json/approvalclosed.json", "asyncapi/streetlights-kafka.yml", "schemas/json/links/domainid.json"]));
    const trace = await api<{ id: number; references: Array<{ name: string; subject: string; version: number }> }>(registry, "GET", `/subjects/${encodeURIComponent("proto/opentelemetry/proto/trace/v1/trace.proto")}/versions/latest`);
    expect(trace.references).toEqual(
      expect.arrayContaining([{ name: "opentelemetry/proto/common/v1/common.proto", subject: "proto/opentelemetry/proto/common/v1/common.proto", version: 1 }]),
    );
    const common = await api<{ id: number }>(registry, "GET", `/subjects/${encodeURIComponent("proto/opentelemetry/proto/common/v1/common.proto")}/versions/latest`);
    expect(common.id).toBeLessThan(trace.id);
    // AsyncAPI fragments are registered under their path, and the documents reference them.
    const backend = await api<{ references: Array<{ name: string; subject: string }> }>(registry, "GET", `/subjects/${encodeURIComponent("asyncapi/social-media/backend/asyncapi.yaml")}/versions/latest`);
    expect(backend.references).toContainEqual({ name: "../common/messages.yaml", subject: "asyncapi/social-media/common/messages.yaml", version: 1 });
    expect(subjects).toContain("asyncapi/social-media/common/schemas.yaml");
    const closed = await api<{ references: Array<{ name: string; subject: string }> }>(registry, "GET", `/subjects/${encodeURIComponent("schemas/json/approvalclosed.json")}/versions/latest`);
    expect(closed.references).toContainEqual({ name: "links/embeddedlinksarray", subject: "schemas/json/links/embeddedlinksarray.json", version: 1 });
  });

  it("agrees with offline mode on the same changes", async () => {
    const offline = await run(fixture.dir, { base: "main" });
    const online = await run(fixture.dir, { registry: registry.url });
    expect(online.problems).toEqual([]);
    expect(online.exitCode).toBe(offline.exitCode);
    expect(online.exitCode).toBe(1);
    expect(verdicts(online)).toEqual(verdicts(offline));
    // The breaking field is annotated on the same line in both modes.
    const line = (r: GateResult, file: string): number | undefined => r.contracts.find((c) => c.file === file)!.violations[0]!.location.line;
    for (const change of fixture.changes.filter((c) => c.breaking && c.lineIn === "new")) expect(line(online, change.file), change.file).toBe(line(offline, change.file));
    expect(gateReport(online).details).toContain(`Checked through the registry ${registry.url} (its level for each subject applies)`);
  });
});

describe("registry mode honours the subject's level, transitive ones included", () => {
  let root: string;
  let dir: string;
  let registry: RunningRegistry;
  const SUBJECT = "song-value";
  const song = (fields: string): string => `{\n  "type": "record",\n  "name": "Song",\n  "namespace": "io.confluent.examples.streams.avro",\n  "fields": [\n${fields}\n  ]\n}\n`;

  beforeAll(async () => {
    root = tempDir("transitive");
    registry = await startRegistry({ dbPath: join(root, "registry.db"), port: 0 });
    dir = join(root, "repo");
    writeFiles(dir, { "charter.config.yaml": `contracts:\n  - glob: 'events/*.avsc'\n    subject: '{name}-value'\n`, "events/song.avsc": song(`    {"name": "id", "type": "long"},\n    {"name": "title", "type": "string"}`) });
    git(dir, "init", "-q", "-b", "main");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "v1");
    expect((await run(dir, { registry: registry.url, register: true, all: true })).exitCode).toBe(0);
    // v2 drops the title: BACKWARD compatible (readers ignore the writer's extra field).
    writeFiles(dir, { "events/song.avsc": song(`    {"name": "id", "type": "long"}`) });
    git(dir, "commit", "-q", "-am", "v2");
    expect((await run(dir, { registry: registry.url, register: true, all: true })).exitCode).toBe(0);
    // v3 brings the title back as an int: fine against v2, not against v1's string title.
    writeFiles(dir, { "events/song.avsc": song(`    {"name": "id", "type": "long"},\n    {"name": "title", "type": "int", "default": 0}`) });
    git(dir, "commit", "-q", "-am", "v3");
  });
  afterAll(async () => {
    await registry?.close();
    removeDir(root);
  });

  it("fails at BACKWARD_TRANSITIVE where the offline check (against the base version only) passes", async () => {
    await api(registry, "PUT", `/config/${SUBJECT}`, { compatibility: "BACKWARD_TRANSITIVE" });
    const offline = await run(dir, { base: "HEAD~1" });
    expect(offline.exitCode).toBe(0);
    const online = await run(dir, { registry: registry.url, base: "HEAD~1" });
    expect(online.exitCode).toBe(1);
    const [result] = online.contracts;
    expect(result).toMatchObject({ subject: SUBJECT, level: "BACKWARD_TRANSITIVE", verdict: "breaking" });
    expect(result!.violations[0]).toMatchObject({ rule: "TYPE_MISMATCH", version: 1, location: { file: "events/song.avsc", line: 7, version: "new" } });
    expect(gateReport(online).sections[0]!.findings[0]!.message).toContain("(against registered version 1)");
  });

  it("registers nothing when the check fails, and the new version after it passes (--register)", async () => {
    await api(registry, "PUT", `/config/${SUBJECT}`, { compatibility: "BACKWARD_TRANSITIVE" });
    const refused = await run(dir, { registry: registry.url, base: "HEAD~1", register: true });
    expect(refused.exitCode).toBe(1);
    expect(await api<number[]>(registry, "GET", `/subjects/${SUBJECT}/versions`)).toEqual([1, 2]);

    await api(registry, "PUT", `/config/${SUBJECT}`, { compatibility: "BACKWARD" });
    const accepted = await run(dir, { registry: registry.url, base: "HEAD~1", register: true });
    expect(accepted.exitCode).toBe(0);
    expect(accepted.contracts[0]).toMatchObject({ level: "BACKWARD", verdict: "compatible", registered: { subject: SUBJECT, version: 3 } });
    expect(await api<number[]>(registry, "GET", `/subjects/${SUBJECT}/versions`)).toEqual([1, 2, 3]);
  });
});

describe("registry mode against a Confluent-style registry", () => {
  let root: string;
  let server: Server;
  let url: string;
  const seen: Array<{ method: string; url: string; authorization?: string; body: string }> = [];

  beforeAll(async () => {
    root = tempDir("confluent");
    // Answers like Confluent Schema Registry 7.x: verbose messages are not JSON; subjects unknown to it are 40401.
    server = createServer((req: IncomingMessage, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        seen.push({ method: req.method ?? "", url: req.url ?? "", ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), body });
        res.setHeader("content-type", "application/vnd.schemaregistry.v1+json");
        if (req.url?.startsWith("/compatibility/subjects/schemas%2Favro%2Fsong.avsc/versions?verbose=true")) {
          res.end(
            JSON.stringify({
              is_compatible: false,
              messages: [
                "{errorType:'TYPE_MISMATCH', description:'The type (path '/fields/0/type') of a field in the new schema does not match with the old schema', additionalInfo:'reader type: INT not compatible with writer type: LONG'}",
                "{oldSchemaVersion: 4}",
                "{oldSchema: '{\"type\":\"record\",\"name\":\"Song\",\"fields\":[]}'}",
                "{validateFields: 'false', compatibility: 'FULL'}",
              ],
            }),
          );
        } else if (req.url?.startsWith("/compatibility/")) {
          res.statusCode = 404;
          res.end(JSON.stringify({ error_code: 40401, message: "Subject not found." }));
        } else if (req.url?.startsWith("/config")) {
          res.end(JSON.stringify({ compatibilityLevel: "FULL" }));
        } else {
          res.statusCode = 404;
          res.end(JSON.stringify({ error_code: 40401, message: "Subject not found." }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    removeDir(root);
  });

  it("reads Confluent's verbose messages and sends CHARTER_REGISTRY_AUTH as Basic or Bearer credentials", async () => {
    const dir = join(root, "repo");
    const fixture = buildGateFixture(dir, { only: (p) => p.startsWith("schemas/avro/") });
    const result = await run(dir, { registry: `${url}/`, env: { CHARTER_REGISTRY_AUTH: "ci-bot:s3cr:et" } });
    expect(result.problems).toEqual([]);
    expect(result.exitCode).toBe(1);
    const song = result.contracts.find((c) => c.file === "schemas/avro/song.avsc")!;
    expect(song).toMatchObject({ level: "FULL", verdict: "breaking" });
    expect(song.violations[0]).toMatchObject({
      rule: "TYPE_MISMATCH",
      path: "/fields/0/type",
      version: 4,
      location: { line: lineOf(fixture.head["schemas/avro/song.avsc"]!, '"type": "int"'), version: "new" },
    });
    expect(result.contracts.find((c) => c.file === "schemas/avro/pageview.avsc")).toMatchObject({ verdict: "compatible" });
    const basic = `Basic ${Buffer.from("ci-bot:s3cr:et").toString("base64")}`;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.authorization === basic)).toBe(true);
    const compat = seen.find((r) => r.url.startsWith("/compatibility/subjects/schemas%2Favro%2Fsong.avsc/versions?verbose=true"))!;
    expect(compat.method).toBe("POST");
    expect(JSON.parse(compat.body)).toEqual({ schema: fixture.head["schemas/avro/song.avsc"] });

    seen.length = 0;
    await run(dir, { registry: url, env: { CHARTER_REGISTRY_AUTH: "eyJhbGciOiJIUzI1NiJ9.e30.sig" } });
    expect(seen.every((r) => r.authorization === "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig")).toBe(true);
    seen.length = 0;
    await run(dir, { registry: url });
    expect(seen.every((r) => r.authorization === undefined)).toBe(true);
  });

  it("exits 2 when the registry cannot be reached", async () => {
    const dir = join(root, "repo");
    const result = await run(dir, { registry: "http://127.0.0.1:9", registryTimeoutMs: 2000 });
    expect(result.exitCode).toBe(2);
    expect(result.problems[0]).toMatchObject({ rule: "REGISTRY_ERROR", message: expect.stringContaining("cannot reach the registry at http://127.0.0.1:9") });
  });
});
