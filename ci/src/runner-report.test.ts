import { statSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGateFixture, corpus, lineOf, removeDir, runnerCheckout, tempDir } from "../../cli/test/gate-fixture.js";
import { installAction, workflowCommands, type ActionRun } from "./runner-harness.js";

const action = installAction();
afterAll(() => action.remove());

/** A pull_request run (GITHUB_BASE_REF main) of the Action in `checkout`. */
function prRun(dir: string, checkout: { workspace: string; eventPath: string }, inputs: Record<string, string> = {}, extra: { env?: Record<string, string>; summaryPrefix?: string } = {}): Promise<ActionRun> {
  return action.run({ dir, workspace: checkout.workspace, eventName: "pull_request", eventPath: checkout.eventPath, inputs, env: { GITHUB_BASE_REF: "main", GITHUB_HEAD_REF: "feature", ...extra.env }, ...(extra.summaryPrefix !== undefined ? { summaryPrefix: extra.summaryPrefix } : {}) });
}

/** An Avro record with `n` fields of `type`. */
function wide(n: number, type: string): string {
  const fields = Array.from({ length: n }, (_, i) => `    {"name": "f${i}", "type": "${type}"}`).join(",\n");
  return `{\n  "type": "record",\n  "name": "Wide",\n  "namespace": "acme",\n  "fields": [\n${fields}\n  ]\n}\n`;
}

describe("the bundled Action with 200 findings, from a working-directory, on a file whose name needs escaping", () => {
  const FILE = "schemas/avro/wide, v1:2.avsc";
  let root: string;
  let run: ActionRun;

  beforeAll(async () => {
    root = tempDir("action-200");
    const fixture = buildGateFixture(join(root, "repo"), { only: () => false, extra: { [FILE]: wide(200, "long") }, headExtra: { [FILE]: wide(200, "int") } });
    run = await prRun(root, runnerCheckout(fixture, join(root, "runner")), { "working-directory": "schemas/avro" });
  });
  afterAll(() => removeDir(root));

  it("shows 9 errors and a 10th annotation counting the 191 others (GitHub shows 10 errors per step)", () => {
    expect(run.code, run.stderr).toBe(1);
    const errors = workflowCommands(run.stdout, "error");
    expect(errors).toHaveLength(10);
    for (const [i, e] of errors.slice(0, 9).entries()) {
      // Repository-relative (not relative to working-directory), with `,` and `:` escaped in the property.
      expect(e).toMatch(new RegExp(`^::error file=schemas/avro/wide%2C v1%3A2\\.avsc,line=${i + 6},col=\\d+,title=TYPE_MISMATCH \\(BACKWARD\\)::`));
    }
    expect(errors[9]).toMatch(/^::error title=191 more errors not annotated::200 errors in all; GitHub shows 10 errors per step, so 191 more are not annotated here: the job summary and the SARIF log \(.*charter-gate\.sarif\) list every finding\.$/);
  });

  it("keeps every finding in the summary and the SARIF log", () => {
    expect(run.summary.match(/^\| `TYPE_MISMATCH` \|/gm)).toHaveLength(200);
    const sarif = JSON.parse(readFileSync(run.outputs["sarif"]!, "utf8")) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    expect(sarif.runs[0]!.results).toHaveLength(200);
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe(encodeURI(FILE));
    expect(run.outputs).toMatchObject({ breaking: "true", outcome: "fail" });
  });
});

describe("the bundled Action annotates a removal where it is in the head file", () => {
  it("puts OPERATION_REMOVED on the head line at the removal, not on the base line's number, and names the base line in the message", async () => {
    const root = tempDir("action-removal");
    try {
      const path = "asyncapi/streetlights-kafka.yml";
      const base = corpus("asyncapi/spec-examples-3.0.0/streetlights-kafka-asyncapi.yml");
      const start = base.indexOf("\n  dimLight:\n", base.indexOf("\noperations:")) + 1;
      const end = base.indexOf("\ncomponents:", start);
      // Three lines added at the top shift every later line of the head by three.
      const prefix = "# Streetlights\n# owned by the lighting team\n# see docs/streetlights.md\n";
      const head = prefix + base.slice(0, start) + base.slice(end + 1);
      const fixture = buildGateFixture(join(root, "repo"), { only: (p) => p === path, headExtra: { [path]: head } });
      const run = await prRun(root, runnerCheckout(fixture, join(root, "runner")));
      expect(run.code, run.stderr).toBe(1);
      const baseLine = lineOf(base, "  dimLight:", "\noperations:");
      const headLine = (prefix + base.slice(0, start)).split("\n").length;
      expect(headLine).toBe(baseLine + 3);
      const removed = workflowCommands(run.stdout, "error").find((l) => l.includes("title=OPERATION_REMOVED"));
      expect(removed).toMatch(new RegExp(`^::error file=asyncapi/streetlights-kafka\\.yml,line=${headLine},col=\\d+,title=OPERATION_REMOVED \\(BACKWARD\\)::.*\\(line ${baseLine} of asyncapi/streetlights-kafka\\.yml at `));
    } finally {
      removeDir(root);
    }
  });
});

describe("the bundled Action's job summary, outputs and failures", () => {
  let root: string;
  let fixture: ReturnType<typeof buildGateFixture>;
  let server: Server;
  let api: string;

  beforeAll(async () => {
    root = tempDir("action-limits");
    fixture = buildGateFixture(join(root, "repo"), { only: (p) => p.startsWith("schemas/avro/") });
    // A read-only token: GitHub answers 403 to every write (and here to the listing too).
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.statusCode = 403;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ message: "Resource not accessible by integration" }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    removeDir(root);
  });

  it("cuts the summary so the step's summary file stays within GitHub's 1 MiB, with a note", async () => {
    const dir = join(root, "big");
    const checkout = runnerCheckout(fixture, dir);
    const prefix = "x".repeat(1024 * 1024 - 400) + "\n";
    const run = await prRun(dir, checkout, {}, { summaryPrefix: prefix });
    expect(run.code, run.stderr).toBe(1);
    expect(statSync(join(dir, "step-summary.md")).size).toBeLessThanOrEqual(1024 * 1024);
    expect(run.summary.startsWith(prefix + "## ❌ Charter compatibility gate")).toBe(true);
    expect(run.summary).toContain("> The summary is cut here: GitHub shows at most 1 MiB of a step's summary. The SARIF log has every finding.");
    expect(run.outputs["summary"]!.trimEnd()).toBe(run.summary.slice(prefix.length).trimEnd());
  });

  it("does not fail on a 403 from the comment API: a warning, and the job summary says it is the report", async () => {
    const dir = join(root, "forbidden");
    const run = await prRun(dir, runnerCheckout(fixture, dir), { "github-token": "ghs_readonly" }, { env: { GITHUB_API_URL: api } });
    expect(run.code, run.stderr).toBe(1); // the gate's own verdict, not the comment's
    expect(run.stdout).toMatch(/^::warning::Could not comment on the pull request \(HTTP 403, the token may not write pull-request comments/m);
    expect(run.summary).toContain("> The pull-request comment could not be posted (HTTP 403, the token may not write pull-request comments (a fork, or no `pull-requests: write` permission)). This job summary is the report.");
    expect(run.outputs["summary"]).toContain("The pull-request comment could not be posted (HTTP 403");
  });

  it("sets every output on every outcome, with the multiline delimiter syntax", async () => {
    const passDir = join(root, "pass");
    const pass = await prRun(passDir, runnerCheckout(fixture, passDir, ["charter: skip-compat"]));
    const failDir = join(root, "fail");
    const fail = await prRun(failDir, runnerCheckout(fixture, failDir));
    const badDir = join(root, "bad-input");
    const bad = await prRun(badDir, runnerCheckout(fixture, badDir), { "fail-on": "sometimes" });
    const noBaseDir = join(root, "no-base");
    const checkout = runnerCheckout(fixture, noBaseDir);
    const noBase = await prRun(noBaseDir, checkout, { base: "no-such-branch" });
    expect([pass.code, fail.code, bad.code, noBase.code]).toEqual([0, 1, 2, 2]);
    expect([pass, fail, bad, noBase].map((r) => [r.outputs["breaking"], r.outputs["outcome"]])).toEqual([
      ["false", "pass"],
      ["true", "fail"],
      ["false", "error"],
      ["false", "error"],
    ]);
    for (const r of [pass, fail, bad, noBase]) {
      expect(Object.keys(r.outputs).sort()).toEqual(["breaking", "outcome", "sarif", "summary"]);
      expect(r.outputFile).toMatch(/^summary<<ghadelimiter_[0-9a-f-]{36}\n## /m);
      expect(r.outputs["summary"]!.trimEnd()).toBe(r.summary.trimEnd());
      expect(statSync(r.outputs["sarif"]!).isFile()).toBe(true);
    }
    expect(bad.stdout).toContain('::error title=USAGE::the fail-on input must be error, warning or never (got "sometimes")');
    expect(bad.summary).toContain('## ⛔ Charter compatibility gate: the fail-on input must be error, warning or never (got "sometimes")');
    expect(noBase.stdout).toMatch(/^::error title=BASE_NOT_FOUND::the base no-such-branch is not in this clone/m);
  });

  it("exits 2 with a readable ::error when it crashes (here: a GITHUB_OUTPUT file that does not exist)", async () => {
    const dir = join(root, "crash");
    const run = await prRun(dir, runnerCheckout(fixture, dir), {}, { env: { GITHUB_OUTPUT: join(dir, "missing", "output.txt") } });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^::error title=Charter gate crashed::The Charter gate failed unexpectedly: Missing file at path: .*missing\/output\.txt%0A {0}at /m);
    expect(run.summary).toContain("## ⛔ Charter compatibility gate: crashed");
  });
});
