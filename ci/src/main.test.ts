import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGateFixture, removeDir, runnerCheckout, tempDir, type GateFixture } from "../../cli/test/gate-fixture.js";
import { sarifErrors } from "../../cli/test/sarif-validator.js";
import { COMMENT_MARKER } from "./comment.js";
import { installAction, type ActionRun } from "./runner-harness.js";

const action = installAction();
afterAll(() => action.remove());

/**
 * Runs `node ci/dist/index.js` the way a runner does for a `pull_request` event: inputs as INPUT_* variables,
 * GITHUB_WORKSPACE, GITHUB_EVENT_PATH, GITHUB_BASE_REF, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, RUNNER_TEMP.
 */
function runAction(dir: string, workspace: string, eventPath: string, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  return action.run({ dir, workspace, eventName: "pull_request", eventPath, inputs, env: { GITHUB_BASE_REF: "main", GITHUB_HEAD_REF: "feature", ...env } });
}

describe("the bundled Action on a runner-style shallow checkout of a pull request", () => {
  let root: string;
  let fixture: GateFixture;
  let workspace: string;
  let run: ActionRun;

  beforeAll(async () => {
    root = tempDir("action");
    fixture = buildGateFixture(join(root, "repo"));
    const checkout = runnerCheckout(fixture, join(root, "runner"));
    workspace = checkout.workspace;
    run = await runAction(root, workspace, checkout.eventPath, { "fail-on": "error", sarif: "reports/charter.sarif", register: "false", "skip-label": "charter: skip-compat" });
  });
  afterAll(() => removeDir(root));

  it("exits 1 and annotates every breaking change on its line", () => {
    expect(run.code, run.stderr).toBe(1);
    for (const change of fixture.changes.filter((c) => c.breaking)) {
      expect(run.stdout).toMatch(new RegExp(`^::error file=${change.file.replace(/\./g, "\\.")},line=${change.line},col=\\d+,title=${change.rule} \\(BACKWARD\\)::`, "m"));
    }
    for (const change of fixture.changes.filter((c) => !c.breaking)) expect(run.stdout).not.toContain(`::error file=${change.file},`);
  });

  it("writes the step summary and the outputs (breaking, summary, sarif)", () => {
    expect(run.summary).toMatch(/^## ❌ Charter compatibility gate: 4 of 8 contracts break compatibility/);
    expect(run.summary).toContain(`Compared with base \`${fixture.baseSha}\``);
    expect(run.outputs["breaking"]).toBe("true");
    expect(run.outputs["summary"]!.trimEnd()).toBe(run.summary.trimEnd());
    expect(run.outputs["sarif"]).toBe(join(workspace, "reports/charter.sarif"));
  });

  it("writes SARIF that validates against the SARIF 2.1.0 schema", () => {
    const log = JSON.parse(readFileSync(run.outputs["sarif"]!, "utf8")) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarifErrors(log)).toEqual([]);
    expect(log.runs[0]!.results.map((r) => r.ruleId)).toEqual(expect.arrayContaining(["TYPE_MISMATCH", "ENUM_ARRAY_NARROWED", "FIELD_WIRE_COMPATIBLE_TYPE", "OPERATION_REMOVED"]));
  });

  it("fetches the base itself when the workflow did not (a bare actions/checkout)", async () => {
    const checkout = runnerCheckout(fixture, join(root, "unfetched"), [], { fetchBase: false });
    const unfetched = await runAction(join(root, "unfetched"), checkout.workspace, checkout.eventPath, {});
    expect(unfetched.code, unfetched.stderr).toBe(1);
    expect(unfetched.summary).toContain(`Compared with base \`${fixture.baseSha}\``);
    expect(unfetched.outputs["breaking"]).toBe("true");
  });

  it("exits 0 with the skip label, saying so in the summary, and still shows the accepted breaks", async () => {
    const checkout = runnerCheckout(fixture, join(root, "labelled"), ["documentation", "charter: skip-compat"]);
    const labelled = await runAction(join(root, "labelled"), checkout.workspace, checkout.eventPath, {});
    expect(labelled.code, labelled.stderr).toBe(0);
    expect(labelled.outputs["breaking"]).toBe("false");
    expect(labelled.summary).toContain("Label `charter: skip-compat` is set on the pull request: ");
    expect(labelled.summary).toContain("breaking changes accepted, not failing the check");
    expect(labelled.summary).toContain('accepted: accepted by the pull request label "charter: skip-compat"');
    expect(labelled.stdout).toMatch(/^::notice file=schemas\/avro\/song\.avsc,line=5,/m);
    expect(labelled.stdout).not.toMatch(/^::error /m);
    const sarif = JSON.parse(readFileSync(labelled.outputs["sarif"]!, "utf8")) as { runs: Array<{ results: Array<{ suppressions?: unknown[] }> }> };
    expect(sarifErrors(sarif)).toEqual([]);
    expect(sarif.runs[0]!.results.every((r) => r.suppressions?.length === 1)).toBe(true);
  });
});

describe("the Action's sticky pull-request comment", () => {
  let root: string;
  let server: Server;
  let api: string;
  const comments: Array<{ id: number; body: string }> = [];
  const requests: Array<{ method: string; url: string; authorization?: string }> = [];

  beforeAll(async () => {
    root = tempDir("comment");
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        requests.push({ method: req.method ?? "", url: req.url ?? "", ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
        res.setHeader("content-type", "application/json");
        if (req.method === "GET" && req.url?.startsWith("/repos/acme/events/issues/1/comments")) {
          res.end(JSON.stringify([{ id: 7, body: "LGTM" }, ...comments]));
        } else if (req.method === "POST" && req.url === "/repos/acme/events/issues/1/comments") {
          const created = { id: 100 + comments.length, body: (JSON.parse(body) as { body: string }).body };
          comments.push(created);
          res.statusCode = 201;
          res.end(JSON.stringify(created));
        } else if (req.method === "PATCH" && req.url?.startsWith("/repos/acme/events/issues/comments/")) {
          const id = Number(req.url.split("/").pop());
          const found = comments.find((c) => c.id === id)!;
          found.body = (JSON.parse(body) as { body: string }).body;
          res.end(JSON.stringify(found));
        } else {
          res.statusCode = 404;
          res.end("{}");
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    removeDir(root);
  });

  it("creates one comment, then updates it; never comments for a fork", async () => {
    const fixture = buildGateFixture(join(root, "repo"), { only: (p) => p.startsWith("schemas/avro/") });
    const checkout = runnerCheckout(fixture, join(root, "runner"));
    const env = { GITHUB_API_URL: api };
    const first = await runAction(root, checkout.workspace, checkout.eventPath, { "github-token": "ghs_token" }, env);
    expect(first.code, first.stderr).toBe(1);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body.startsWith(`${COMMENT_MARKER}\n## ❌ Charter compatibility gate`)).toBe(true);
    expect(first.stdout).toContain("Pull request comment created (id 100).");

    const second = await runAction(root, checkout.workspace, checkout.eventPath, { "github-token": "ghs_token" }, env);
    expect(second.stdout).toContain("Pull request comment updated (id 100).");
    expect(comments).toHaveLength(1);
    expect(requests.filter((r) => r.method !== "GET").map((r) => r.method)).toEqual(["POST", "PATCH"]);
    expect(requests.every((r) => r.authorization === "Bearer ghs_token")).toBe(true);

    const event = JSON.parse(readFileSync(checkout.eventPath, "utf8")) as { pull_request: { head: { repo: { full_name: string; fork: boolean } } } };
    event.pull_request.head.repo = { full_name: "someone/events", fork: true };
    writeFileSync(checkout.eventPath, JSON.stringify(event));
    requests.length = 0;
    const fork = await runAction(root, checkout.workspace, checkout.eventPath, { "github-token": "ghs_token" }, env);
    expect(fork.code).toBe(1);
    expect(requests).toEqual([]);
    expect(fork.stdout).toContain("::notice::Pull request from a fork: its token cannot comment; the job summary has the report.");
    expect(fork.summary).toContain("## ❌ Charter compatibility gate");
  });
});
