import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGateFixture, git, removeDir, runnerCheckout, tempDir, type GateFixture } from "../../cli/test/gate-fixture.js";
import { bareOrigin, installAction, shallowCheckout, writeEvent } from "./runner-harness.js";

const action = installAction();
afterAll(() => action.remove());

const ZERO = "0".repeat(40);
const REPOSITORY = { full_name: "acme/events", default_branch: "main" };

/**
 * The base each event gives, on the checkout actions/checkout@v4 makes for it (one commit deep, no base
 * fetched): the Action must fetch the base itself, and never compare the checkout with itself.
 */
describe("the bundled Action on push, merge_group, workflow_dispatch and pull_request_target checkouts", () => {
  let root: string;
  let fixture: GateFixture;
  const compared = (sha: string, source: string): string => `Compared with base \`${sha}\` (${sha.slice(0, 12)}, from ${source}), offline`;

  beforeAll(() => {
    root = tempDir("events");
    fixture = buildGateFixture(join(root, "repo"), { only: (p) => p.startsWith("schemas/avro/") });
  });
  afterAll(() => removeDir(root));

  it("push: compares with the event's `before`, fetching it (a one-commit checkout does not have it)", async () => {
    const dir = join(root, "push");
    const origin = bareOrigin(fixture, dir);
    git(origin, "update-ref", "refs/heads/main", fixture.headSha);
    const workspace = shallowCheckout(dir, origin, "+refs/heads/main:refs/remotes/origin/main", { branch: "main", ref: "refs/remotes/origin/main" });
    const eventPath = writeEvent(dir, { ref: "refs/heads/main", before: fixture.baseSha, after: fixture.headSha, created: false, repository: REPOSITORY });
    const run = await action.run({ dir, workspace, eventName: "push", eventPath, env: { GITHUB_SHA: fixture.headSha, GITHUB_REF: "refs/heads/main" } });
    expect(run.code, run.stdout).toBe(1);
    expect(run.summary).toContain(compared(fixture.baseSha, "push.before"));
    expect(run.stdout).toMatch(/^::error file=schemas\/avro\/song\.avsc,line=\d+,col=\d+,title=TYPE_MISMATCH/m);
  });

  it("push of a new branch (all-zero `before`): compares with the default branch, fetched", async () => {
    const dir = join(root, "new-branch");
    const origin = bareOrigin(fixture, dir);
    const workspace = shallowCheckout(dir, origin, "+refs/heads/feature:refs/remotes/origin/feature", { branch: "feature", ref: "refs/remotes/origin/feature" });
    const eventPath = writeEvent(dir, { ref: "refs/heads/feature", before: ZERO, after: fixture.headSha, created: true, repository: REPOSITORY });
    const run = await action.run({ dir, workspace, eventName: "push", eventPath, env: { GITHUB_SHA: fixture.headSha, GITHUB_REF: "refs/heads/feature" } });
    expect(run.code, run.stdout).toBe(1);
    expect(run.summary).toContain(`Compared with base \`origin/main\` (${fixture.baseSha.slice(0, 12)}, from push (new branch): default branch)`);
  });

  it("merge_group: compares with merge_group.base_sha, fetched", async () => {
    const dir = join(root, "merge-group");
    const origin = bareOrigin(fixture, dir);
    const queue = `gh-readonly-queue/main/pr-1-${fixture.baseSha}`;
    git(origin, "update-ref", `refs/heads/${queue}`, fixture.headSha);
    const workspace = shallowCheckout(dir, origin, `+refs/heads/${queue}:refs/remotes/origin/${queue}`, { branch: queue, ref: `refs/remotes/origin/${queue}` });
    const eventPath = writeEvent(dir, { action: "checks_requested", merge_group: { base_sha: fixture.baseSha, head_sha: fixture.headSha, base_ref: "refs/heads/main", head_ref: `refs/heads/${queue}` }, repository: REPOSITORY });
    const run = await action.run({ dir, workspace, eventName: "merge_group", eventPath, env: { GITHUB_SHA: fixture.headSha, GITHUB_REF: `refs/heads/${queue}` } });
    expect(run.code, run.stdout).toBe(1);
    expect(run.summary).toContain(compared(fixture.baseSha, "merge_group.base_sha"));
  });

  it("workflow_dispatch: no base in the event → exit 2 saying so and naming the `base` input; with `base` it compares", async () => {
    const dir = join(root, "dispatch");
    const origin = bareOrigin(fixture, dir);
    const workspace = shallowCheckout(dir, origin, "+refs/heads/feature:refs/remotes/origin/feature", { branch: "feature", ref: "refs/remotes/origin/feature" });
    const eventPath = writeEvent(dir, { ref: "refs/heads/feature", inputs: {}, repository: REPOSITORY });
    const setting = { dir, workspace, eventName: "workflow_dispatch", eventPath, env: { GITHUB_SHA: fixture.headSha, GITHUB_REF: "refs/heads/feature" } };
    const bare = await action.run(setting);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toMatch(/^::error title=BASE_NOT_FOUND::no base to compare against: a workflow_dispatch event names no base .*the Action's `base` input, e\.g\. `base: main`/m);
    expect(bare.outputs).toMatchObject({ breaking: "false", outcome: "error" });
    const withBase = await action.run({ ...setting, inputs: { base: "main" } });
    expect(withBase.code, withBase.stdout).toBe(1);
    expect(withBase.summary).toContain(`Compared with base \`main\` (${fixture.baseSha.slice(0, 12)}, from --base)`);
  });

  it("workflow_dispatch on the default branch: never compares the checkout with itself", async () => {
    const dir = join(root, "dispatch-main");
    const origin = bareOrigin(fixture, dir);
    git(origin, "update-ref", "refs/heads/main", fixture.headSha);
    const workspace = shallowCheckout(dir, origin, "+refs/heads/main:refs/remotes/origin/main", { branch: "main", ref: "refs/remotes/origin/main" });
    const eventPath = writeEvent(dir, { ref: "refs/heads/main", inputs: {}, repository: REPOSITORY });
    const run = await action.run({ dir, workspace, eventName: "schedule", eventPath, env: { GITHUB_SHA: fixture.headSha, GITHUB_REF: "refs/heads/main" } });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("::error title=BASE_NOT_FOUND::no base to compare against: a schedule event names no base");
  });

  it("pull_request_target: the default checkout (the base branch) is refused with the checkout to add; a checkout of the merge ref is compared", async () => {
    const dir = join(root, "target");
    const origin = bareOrigin(fixture, dir);
    const workspace = shallowCheckout(dir, origin, "+refs/heads/main:refs/remotes/origin/main", { branch: "main", ref: "refs/remotes/origin/main" });
    const pr = { number: 1, base: { ref: "main", sha: fixture.baseSha, repo: { full_name: "acme/events" } }, head: { ref: "feature", sha: fixture.headSha, repo: { full_name: "someone/events", fork: true } }, labels: [] };
    const eventPath = writeEvent(dir, { action: "synchronize", number: 1, pull_request: pr, repository: REPOSITORY });
    const env = { GITHUB_SHA: fixture.baseSha, GITHUB_REF: "refs/heads/main", GITHUB_BASE_REF: "main", GITHUB_HEAD_REF: "feature" };
    const onBase = await action.run({ dir, workspace, eventName: "pull_request_target", eventPath, env });
    expect(onBase.code).toBe(2);
    expect(onBase.stdout).toMatch(/^::error title=BASE_NOT_FOUND::pull_request_target checks out the base branch \(\w{12}\), not the pull request.*`ref: refs\/pull\/1\/merge`/m);
    expect(onBase.outputs["outcome"]).toBe("error");

    const merged = runnerCheckout(fixture, join(root, "target-merge"));
    const run = await action.run({ dir: join(root, "target-merge"), workspace: merged.workspace, eventName: "pull_request_target", eventPath: merged.eventPath, env: { ...env, GITHUB_SHA: fixture.baseSha } });
    expect(run.code, run.stdout).toBe(1);
    expect(run.summary).toContain(compared(fixture.baseSha, "pull_request.base.sha"));
  });
});
