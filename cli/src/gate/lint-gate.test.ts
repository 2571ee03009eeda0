import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, lineOf, removeDir, tempDir, writeFiles } from "../../test/gate-fixture.js";
import { gateReport } from "./report.js";
import { runGate } from "./run-gate.js";
import { toSarif } from "../report/sarif.js";
import { renderAnnotations } from "../report/annotations.js";

const V1 = readFileSync(join(import.meta.dirname, "../../../examples/schemas/lint/v1/cancel-order.avsc"), "utf8");
const V2 = readFileSync(join(import.meta.dirname, "../../../examples/schemas/lint/v2/cancel-order.avsc"), "utf8");

/** A repository with `events/cancel-order.avsc` at v1 on main and v2 on feature, and `config` at the root. */
function repo(root: string, name: string, config: string | undefined): string {
  const dir = join(root, name);
  writeFiles(dir, { "events/cancel-order.avsc": V1, ...(config !== undefined ? { "charter.config.yaml": config } : {}) });
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
  git(dir, "checkout", "-q", "-b", "feature");
  writeFileSync(join(dir, "events/cancel-order.avsc"), V2);
  git(dir, "commit", "-q", "-am", "head");
  return dir;
}

// Level NONE: the compatibility check passes, so everything found is lint's.
const LINT_CONFIG = "level: NONE\nlint:\n  rules:\n    PAYLOAD_SIZE: off\n";

describe("charter gate runs lint on the changed contracts", () => {
  let root: string;
  beforeAll(() => {
    root = tempDir("lint");
  });
  afterAll(() => removeDir(root));

  it("with a lint section: lint findings against the base version, on their lines, in annotations and SARIF; exit 1 on errors", async () => {
    const dir = repo(root, "on", LINT_CONFIG);
    const result = await runGate({ cwd: dir, env: {}, base: "main" });
    expect(result.exitCode).toBe(1);
    const lint = result.contracts[0]!.violations.filter((v) => v.lint);
    expect(lint.map((v) => v.rule).sort()).toEqual(["DOCUMENTED", "EVENT_ID_REQUIRED", "EVENT_NAME_PAST_TENSE", "FIELD_DEFAULT_REQUIRED", "FIELD_REMOVED_WITHOUT_DEPRECATION"]);
    expect(lint.find((v) => v.rule === "FIELD_DEFAULT_REQUIRED")).toMatchObject({ severity: "error", path: "/fields/2", location: { file: "events/cancel-order.avsc", line: lineOf(V2, '"channel"'), version: "new" } });
    const report = gateReport(result);
    expect(report.details.join("\n")).toContain("3 errors, 2 warnings");
    expect(report.headline).toBe("1 of 1 contract fails lint rules (compatible)");
    expect(renderAnnotations(report)).toContain(`::error file=events/cancel-order.avsc,line=${lineOf(V2, '"channel"')}`);
    const sarif = toSarif(report) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; help: { text: string } }> } } }> };
    expect(sarif.runs[0]!.tool.driver.rules.find((r) => r.id === "FIELD_DEFAULT_REQUIRED")!.help.text).toContain("Give the new field a default");
  });

  it("--no-lint turns it off; without a lint section it is off unless --lint", async () => {
    const on = repo(root, "off", LINT_CONFIG);
    expect((await runGate({ cwd: on, env: {}, base: "main", lint: false })).exitCode).toBe(0);
    const plain = repo(root, "plain", "level: NONE\n");
    const quiet = await runGate({ cwd: plain, env: {}, base: "main" });
    expect(quiet.exitCode).toBe(0);
    expect(quiet.contracts[0]!.violations).toEqual([]);
    const asked = await runGate({ cwd: plain, env: {}, base: "main", lint: true });
    expect(asked.exitCode).toBe(1);
  });

  it("lint.ignore accepts findings with their reason", async () => {
    const entries: Array<[string, string]> = [
      ["EVENT_ID_REQUIRED", ""],
      ["FIELD_REMOVED_WITHOUT_DEPRECATION", ""],
      ["FIELD_DEFAULT_REQUIRED", "/fields/*"],
    ];
    const config = `${LINT_CONFIG}  ignore:\n${entries.map(([r, p]) => `    - { rule: ${r}, path: '${p}', reason: migration ticket ORD-7 }\n`).join("")}`;
    const dir = repo(root, "ignored", config);
    const result = await runGate({ cwd: dir, env: {}, base: "main" });
    expect(result.exitCode).toBe(0);
    expect(result.contracts[0]!.violations.filter((v) => v.severity === "error").every((v) => v.accepted === "ignored in charter.config.yaml: migration ticket ORD-7")).toBe(true);
  });
});
