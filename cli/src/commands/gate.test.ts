import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliContext } from "../cli-context.js";
import { main } from "../main.js";
import { buildGateFixture, corpus, edit, git, lineOf, removeDir, runnerCheckout, tempDir, writeFiles, type GateFixture } from "../../test/gate-fixture.js";
import { sarifErrors } from "../../test/sarif-validator.js";

interface Run {
  readonly code: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `charter gate …args` in-process with `env` (no GitHub variables unless given). */
async function gate(env: Record<string, string>, ...args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  let code: number | undefined;
  const context: CliContext = { env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), exit: (c) => (code ??= c), onSignal: () => {} };
  try {
    await main(["node", "charter", "gate", ...args], context);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
  }
  return { code, stdout, stderr };
}

/** The `::error` workflow commands of a run, parsed. */
function annotations(stdout: string): Array<{ level: string; file?: string; line?: number; col?: number; title?: string; message: string }> {
  return stdout
    .split("\n")
    .filter((l) => l.startsWith("::"))
    .map((l) => {
      const m = /^::(\w+) ([^:]*)::(.*)$/.exec(l)!;
      const props = Object.fromEntries(m[2]!.split(",").map((p) => p.split("=") as [string, string]));
      return {
        level: m[1]!,
        ...(props["file"] !== undefined ? { file: props["file"] } : {}),
        ...(props["line"] !== undefined ? { line: Number(props["line"]) } : {}),
        ...(props["col"] !== undefined ? { col: Number(props["col"]) } : {}),
        ...(props["title"] !== undefined ? { title: decodeURIComponent(props["title"]) } : {}),
        message: decodeURIComponent(m[3]!),
      };
    });
}

describe("charter gate on real contracts: one compatible and one breaking change per format", () => {
  let root: string;
  let fixture: GateFixture;
  let run: Run;
  let summary: string;
  let sarif: unknown;

  beforeAll(async () => {
    root = tempDir("cli");
    fixture = buildGateFixture(join(root, "repo"));
    const summaryFile = join(root, "summary.md");
    writeFileSync(summaryFile, "");
    run = await gate({ GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summaryFile }, "--root", fixture.dir, "--base", "main", "--sarif", join(root, "out", "gate.sarif"));
    summary = readFileSync(summaryFile, "utf8");
    sarif = JSON.parse(readFileSync(join(root, "out", "gate.sarif"), "utf8"));
  });
  afterAll(() => removeDir(root));

  it("exits 1 and annotates each breaking change on the offending line (the base's line for a removal)", () => {
    expect(run.code, run.stderr).toBe(1);
    const errors = annotations(run.stdout).filter((a) => a.level === "error");
    for (const change of fixture.changes) {
      const on = errors.filter((a) => a.file === change.file);
      if (!change.breaking) {
        expect(on, change.file).toEqual([]);
        continue;
      }
      const first = on.find((a) => a.title?.startsWith(change.rule!));
      expect(first, `${change.file} ${change.rule}`).toMatchObject({ line: change.line });
      expect(first!.col).toBeGreaterThan(0);
      if (change.lineIn === "old") expect(first!.message).toContain(`line ${change.line} of ${change.file} at main`);
    }
  });

  it("prints a human report naming every checked contract and its verdict", () => {
    for (const change of fixture.changes) {
      expect(run.stdout).toMatch(new RegExp(`\\[${change.breaking ? "FAIL" : "ok"}\\] ${change.file.replace(/\./g, "\\.")} \\(subject ${change.file.replace(/\./g, "\\.")}, format ${change.format}, level BACKWARD`));
    }
    expect(run.stdout).toMatch(/^Charter compatibility gate: 4 of 8 contracts break compatibility/);
  });

  it("appends a Markdown table per contract to GITHUB_STEP_SUMMARY: format, level, verdict, violations with rule id and path", () => {
    expect(summary).toMatch(/^## ❌ Charter compatibility gate: 4 of 8 contracts break compatibility/);
    expect(summary).toContain("| schemas/avro/song.avsc | AVRO | BACKWARD | modified | breaking |");
    expect(summary).toContain("| `TYPE_MISMATCH` | `/fields/0/type` | 5:");
    expect(summary).toContain("| `ENUM_ARRAY_NARROWED` | `/properties/subject/properties/content/properties/status/enum` |");
    expect(summary).toContain("| `OPERATION_REMOVED` | `/operations/dimLight` |");
    expect(summary).toContain("| asyncapi/simple.yml | ASYNCAPI | BACKWARD | modified | compatible |");
  });

  it("writes SARIF 2.1.0 that validates against the OASIS schema, with rules (help text) and located results", () => {
    expect(sarifErrors(sarif)).toEqual([]);
    const log = sarif as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; help: { text: string } }> } }; results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> };
    const [sarifRun] = log.runs;
    expect(sarifRun!.tool.driver.rules.map((r) => r.id)).toEqual(expect.arrayContaining(["TYPE_MISMATCH", "ENUM_ARRAY_NARROWED", "FIELD_WIRE_COMPATIBLE_TYPE", "OPERATION_REMOVED"]));
    for (const r of sarifRun!.tool.driver.rules) expect(r.help.text.length).toBeGreaterThan(20);
    const song = sarifRun!.results.find((r) => r.ruleId === "TYPE_MISMATCH")!;
    expect(song.level).toBe("error");
    expect(song.locations[0]!.physicalLocation).toMatchObject({ artifactLocation: { uri: "schemas/avro/song.avsc" }, region: { startLine: 5 } });
  });

  it("gives the same findings as JSON with --output json (and no workflow commands on stdout)", async () => {
    const json = await gate({ GITHUB_ACTIONS: "true" }, "--root", fixture.dir, "--base", "main", "--output", "json");
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { outcome: string; exitCode: number; sections: Array<{ title: string; facts: Record<string, string>; findings: Array<{ rule: string; line?: number }> }> };
    expect(report).toMatchObject({ outcome: "fail", exitCode: 1 });
    expect(report.sections.map((s) => [s.title, s.facts["verdict"]])).toEqual(
      [...fixture.changes].sort((a, b) => a.file.localeCompare(b.file)).map((c) => [c.file, c.breaking ? "breaking" : "compatible"]),
    );
    expect(report.sections.find((s) => s.title === "schemas/avro/song.avsc")!.findings).toEqual([expect.objectContaining({ rule: "TYPE_MISMATCH", line: 5 })]);
  });

  it("runs in a GitHub-style shallow clone of the pull request's merge commit after `git fetch --depth=1 origin main`", async () => {
    const checkout = runnerCheckout(fixture, join(root, "runner"));
    expect(git(checkout.workspace, "rev-parse", "--is-shallow-repository")).toBe("true");
    const shallow = await gate({ GITHUB_ACTIONS: "true", GITHUB_EVENT_PATH: checkout.eventPath, GITHUB_BASE_REF: "main" }, "--root", checkout.workspace);
    expect(shallow.code, shallow.stderr).toBe(1);
    expect(shallow.stdout).toContain(`Compared with base ${fixture.baseSha} (${fixture.baseSha.slice(0, 12)}, from pull_request.base.sha)`);
    const errors = annotations(shallow.stdout).filter((a) => a.level === "error");
    expect(new Set(errors.map((a) => a.file))).toEqual(new Set(fixture.changes.filter((c) => c.breaking).map((c) => c.file)));
  });
});

describe("charter gate: contracts deleted, renamed, invalid; references; configuration", () => {
  let root: string;
  beforeAll(() => {
    root = tempDir("cases");
  });
  afterAll(() => removeDir(root));

  /** A repository with the Avro and Protobuf contracts of the fixture (fast: no AsyncAPI), base on main, head on feature. */
  function repo(name: string, head: (dir: string) => void, options: { config?: string } = {}): string {
    const dir = join(root, name);
    buildGateFixture(dir, { only: (p) => p.startsWith("schemas/avro/") || p.startsWith("proto/"), ...(options.config ? { extra: { "charter.config.yaml": options.config } } : {}) });
    head(dir);
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "--allow-empty", "-m", "more changes");
    return dir;
  }

  it("reports a deleted contract as breaking on the old file, unless allowDeletion accepts it", async () => {
    const dir = repo("deleted", (d) => git(d, "rm", "-q", "schemas/avro/userprofile.avsc"));
    const run = await gate({ GITHUB_ACTIONS: "true" }, "--root", dir, "--base", "main");
    expect(run.code).toBe(1);
    expect(annotations(run.stdout)).toContainEqual(expect.objectContaining({ level: "error", file: "schemas/avro/userprofile.avsc", line: 1, title: "CONTRACT_DELETED (BACKWARD)" }));

    writeFiles(dir, { "charter.config.yaml": "allowDeletion: true\ncontracts:\n  - glob: ['**/*.avsc', '**/*.proto']\n" });
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "allow deletions");
    const allowed = await gate({ GITHUB_ACTIONS: "true" }, "--root", dir, "--base", "main", "--output", "json");
    const report = JSON.parse(allowed.stdout) as { sections: Array<{ title: string; facts: Record<string, string>; findings: Array<{ accepted?: string }> }> };
    const deleted = report.sections.find((s) => s.title === "schemas/avro/userprofile.avsc")!;
    expect(deleted.facts["verdict"]).toBe("accepted");
    expect(deleted.findings[0]!.accepted).toBe("allowDeletion in charter.config.yaml");
  });

  it("pairs versions by subject: a rename that keeps its subject is compared, one that loses it is CONTRACT_RENAMED", async () => {
    const config = "contracts:\n  - glob: 'schemas/avro/**/*.avsc'\n    subject: '{name}-value'\n  - glob: 'proto/**/*.proto'\n";
    const dir = repo("renamed", (d) => {
      mkdirSync(join(d, "schemas/avro/views"), { recursive: true });
      mkdirSync(join(d, "proto/cloudevents/v1"), { recursive: true });
      git(d, "mv", "schemas/avro/pageview.avsc", "schemas/avro/views/pageview.avsc");
      git(d, "mv", "proto/cloudevents/cloudevents.proto", "proto/cloudevents/v1/cloudevents.proto");
    }, { config });
    const run = await gate({}, "--root", dir, "--base", "main", "--output", "json");
    const report = JSON.parse(run.stdout) as { sections: Array<{ title: string; facts: Record<string, string>; findings: Array<{ rule: string; message: string }> }> };
    const moved = report.sections.find((s) => s.title === "schemas/avro/views/pageview.avsc")!;
    expect(moved.facts).toMatchObject({ subject: "pageview-value", change: "renamed (from schemas/avro/pageview.avsc)", verdict: "compatible" });
    const lost = report.sections.find((s) => s.title === "proto/cloudevents/v1/cloudevents.proto" && s.facts["subject"] === "proto/cloudevents/cloudevents.proto")!;
    expect(lost.findings).toEqual([expect.objectContaining({ rule: "CONTRACT_RENAMED", message: expect.stringContaining("renamed to proto/cloudevents/v1/cloudevents.proto (subject proto/cloudevents/v1/cloudevents.proto)") })]);
    expect(run.code).toBe(1);
  });

  it("exits 2 on an invalid contract, with its location", async () => {
    const dir = repo("invalid", (d) => writeFiles(d, { "schemas/avro/song.avsc": '{"type": "record", "name": "Song", "fields": [\n  {"name": "id", "type": "lon"}\n]}\n' }));
    const run = await gate({ GITHUB_ACTIONS: "true" }, "--root", dir, "--base", "main");
    expect(run.code).toBe(2);
    expect(annotations(run.stdout)).toContainEqual(expect.objectContaining({ level: "error", file: "schemas/avro/song.avsc", line: 2, title: "CONTRACT_INVALID (BACKWARD)", message: expect.stringContaining("lon") }));
  });

  it("checks a contract whose imported file changed (change: references), resolving imports at the same ref", async () => {
    const dir = repo("imports", (d) => {
      const common = join(d, "proto/opentelemetry/proto/common/v1/common.proto");
      writeFileSync(common, edit(readFileSync(common, "utf8"), "    string string_value = 1;", "    string string_value = 12;"));
    });
    const run = await gate({}, "--root", dir, "--base", "main", "--output", "json");
    const report = JSON.parse(run.stdout) as { sections: Array<{ title: string; facts: Record<string, string> }> };
    const byTitle = Object.fromEntries(report.sections.map((s) => [s.title, s.facts]));
    expect(byTitle["proto/opentelemetry/proto/common/v1/common.proto"]).toMatchObject({ change: "modified", verdict: "breaking" });
    expect(byTitle["proto/opentelemetry/proto/resource/v1/resource.proto"]).toMatchObject({ change: "references" });
    expect(byTitle["proto/cloudevents/cloudevents.proto"]).toBeUndefined();
  });

  it("checks the AsyncAPI documents whose $ref'd fragment changed, annotating the document where it uses it", async () => {
    const dir = join(root, "fragments");
    buildGateFixture(dir, { only: (p) => p.startsWith("asyncapi/social-media/") });
    const schemas = join(dir, "asyncapi/social-media/common/schemas.yaml");
    const before = readFileSync(join(dir, "asyncapi/social-media/backend/asyncapi.yaml"), "utf8");
    writeFileSync(schemas, edit(readFileSync(schemas, "utf8"), "    likedBy:\n      allOf: \n        - $ref: '#/userId'\n        - description: The id of the user that have liked the comment\n", ""));
    git(dir, "commit", "-qam", "likeComment no longer carries likedBy");
    const run = await gate({ GITHUB_ACTIONS: "true" }, "--root", dir, "--base", "main");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("[FAIL] asyncapi/social-media/backend/asyncapi.yaml (subject asyncapi/social-media/backend/asyncapi.yaml, format ASYNCAPI, level BACKWARD, change references, verdict breaking)");
    expect(run.stdout).toContain("[ok] asyncapi/social-media/comments-service/asyncapi.yaml (subject asyncapi/social-media/comments-service/asyncapi.yaml, format ASYNCAPI, level BACKWARD, change references, verdict compatible)");
    expect(annotations(run.stdout)).toEqual([
      expect.objectContaining({
        level: "error",
        file: "asyncapi/social-media/backend/asyncapi.yaml",
        line: lineOf(before, "likeComment:", "newLikeComment:"),
        title: "PAYLOAD_INCOMPATIBLE (BACKWARD)",
        message: expect.stringContaining("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at /channels/newLikeComment/messages/likeComment/payload/properties/likedBy"),
      }),
    ]);
  });

  it("accepts a known break through the config's ignore list, and reports it with its reason", async () => {
    const config = [
      "contracts:",
      "  - glob: '**/*.avsc'",
      "  - glob: '**/*.proto'",
      "ignore:",
      "  - rule: TYPE_MISMATCH",
      "    path: /fields/0/type",
      "    reason: song ids never exceed 2^31 (JIRA-123)",
      "  - rule: FIELD_WIRE_COMPATIBLE_TYPE",
      "    path: /LogRecord/*",
      "    reason: logs are re-exported on every deploy",
      "  - rule: FIELD_SAME_TYPE",
      "    path: '**'",
      "    reason: follows from the retyped field",
    ].join("\n");
    const dir = repo("ignored", () => {}, { config });
    const run = await gate({ GITHUB_ACTIONS: "true" }, "--root", dir, "--base", "main");
    expect(run.code, run.stdout).toBe(0);
    expect(annotations(run.stdout)).toContainEqual(
      expect.objectContaining({ level: "notice", file: "schemas/avro/song.avsc", line: 5, message: expect.stringContaining("Accepted (ignored in charter.config.yaml: song ids never exceed 2^31 (JIRA-123))") }),
    );
    expect(run.stdout).toContain("[accepted] schemas/avro/song.avsc");
  });

  it("exits 2 on an invalid configuration, naming file and line", async () => {
    const dir = repo("bad-config", () => {}, { config: "contracts:\n  - glob: '**/*.avsc'\n    levle: FULL\n" });
    const run = await gate({}, "--root", dir, "--base", "main");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("charter gate: charter.config.yaml:3:5: contracts.0: unknown key 'levle'");
  });

  it("exits 2 without a base to compare against, saying how to get one", async () => {
    const dir = join(root, "no-base");
    writeFiles(dir, { "a.avsc": corpus("avro/kafka-streams-examples/io/confluent/examples/streams/song.avsc") });
    git(dir, "init", "-q", "-b", "trunk");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "one");
    const run = await gate({}, "--root", dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no base to compare against: pass --base <ref>");
    const missing = await gate({ GITHUB_BASE_REF: "develop" }, "--root", dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("the pull request's base develop is not in this clone: fetch it first, e.g. `git fetch --depth=1 origin develop`");
  });

  it("reads the work tree: untracked contracts are new (compatible), uncommitted edits count", async () => {
    const dir = repo("worktree", () => {});
    const song = join(dir, "schemas/avro/song.avsc");
    writeFileSync(song, readFileSync(song, "utf8").replace('"type": "int"', '"type": "long"'));
    writeFiles(dir, { "schemas/avro/album.avsc": '{"type": "record", "name": "Album", "fields": [{"name": "id", "type": "long"}]}\n' });
    const run = await gate({}, "--root", dir, "--base", "main", "--output", "json");
    const report = JSON.parse(run.stdout) as { sections: Array<{ title: string; facts: Record<string, string> }> };
    const byTitle = Object.fromEntries(report.sections.map((s) => [s.title, s.facts]));
    expect(byTitle["schemas/avro/album.avsc"]).toMatchObject({ change: "added", verdict: "compatible" });
    // The uncommitted edit restores the base version: nothing left to check.
    expect(byTitle["schemas/avro/song.avsc"]).toBeUndefined();
    expect(lineOf(readFileSync(song, "utf8"), '"long"')).toBe(5);
    expect(byTitle["proto/opentelemetry/proto/logs/v1/logs.proto"]).toMatchObject({ verdict: "breaking" });
    expect(run.code).toBe(1);
  });
});
