import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { git, removeDir, tempDir, writeFiles } from "../../test/gate-fixture.js";
import { resolveBase } from "./base-ref.js";

let root: string;
let base: string;
beforeAll(() => {
  root = tempDir("base-ref");
  writeFiles(root, { "a.avsc": "{}" });
  git(root, "init", "-q", "-b", "main");
  git(root, "add", "-A");
  git(root, "commit", "-q", "-m", "base");
  base = git(root, "rev-parse", "HEAD");
  git(root, "checkout", "-q", "-b", "feature");
  writeFiles(root, { "a.avsc": '{"type": "string"}' });
  git(root, "commit", "-q", "-am", "head");
});
afterAll(() => removeDir(root));

describe("resolveBase", () => {
  it("takes --base, then the pull request's base sha or GITHUB_BASE_REF, then the merge base with the default branch", async () => {
    expect(await resolveBase(root, "main", {}, undefined)).toEqual({ ok: true, value: { ref: "main", commit: base, source: "--base" } });
    expect(await resolveBase(root, "nope", {}, undefined)).toMatchObject({ ok: false, error: expect.stringContaining("git fetch --depth=1 origin nope") });
    const event = { pull_request: { base: { sha: base, ref: "main" } } };
    expect(await resolveBase(root, undefined, { GITHUB_BASE_REF: "main" }, event)).toEqual({ ok: true, value: { ref: base, commit: base, source: "pull_request.base.sha" } });
    const moved = { pull_request: { base: { sha: "f".repeat(40), ref: "main" } } };
    expect(await resolveBase(root, undefined, { GITHUB_BASE_REF: "main" }, moved)).toEqual({ ok: true, value: { ref: "main", commit: base, source: "GITHUB_BASE_REF" } });
    expect(await resolveBase(root, undefined, {}, { before: base })).toEqual({ ok: true, value: { ref: base, commit: base, source: "push.before" } });
    expect(await resolveBase(root, undefined, {}, { before: "0".repeat(40) })).toEqual({ ok: true, value: { ref: "merge-base(HEAD, main)", commit: base, source: "merge-base" } });
  });
});

describe("resolveBase with fetch", () => {
  it("fetches a missing pull-request base or --base from origin, shallow, before giving up", async () => {
    const clone = join(root, "clone");
    git(root, "clone", "-q", "--depth=1", "--branch", "feature", `file://${root}`, clone);
    const event = { pull_request: { base: { sha: base, ref: "main" } } };
    expect(await resolveBase(clone, undefined, { GITHUB_BASE_REF: "main" }, event)).toMatchObject({ ok: false });
    expect(await resolveBase(clone, undefined, { GITHUB_BASE_REF: "main" }, event, { fetch: true })).toEqual({ ok: true, value: { ref: base, commit: base, source: "pull_request.base.sha" } });
    const other = join(root, "other");
    git(root, "clone", "-q", "--depth=1", "--branch", "feature", `file://${root}`, other);
    expect(await resolveBase(other, "main", {}, undefined, { fetch: true })).toEqual({ ok: true, value: { ref: "main", commit: base, source: "--base" } });
    expect(await resolveBase(other, "no-such-branch", {}, undefined, { fetch: true })).toMatchObject({ ok: false });
  });
});
