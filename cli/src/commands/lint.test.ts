import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LINT_RULES } from "@charter/contracts";
import { startRegistry } from "@charter/registry";
import type { CliContext } from "../cli-context.js";
import { sarifErrors } from "../../test/sarif-validator.js";
import { runLintCommand, type LintFlags } from "./lint.js";

const ROOT = join(import.meta.dirname, "../../..");

async function lint(paths: string[], flags: LintFlags = {}, cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const context: CliContext = { env: {}, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), exit: () => undefined, onSignal: () => undefined };
  const code = await runLintCommand(paths, flags, context, cwd);
  return { code, stdout, stderr };
}

interface JsonReport {
  exitCode: number;
  sections: Array<{ file: string; findings: Array<{ rule: string; severity: string; line?: number; path: string; accepted?: string }> }>;
}

describe("charter lint", () => {
  it("the orders example's contracts lint clean (no finding at all, even with --max-warnings 0)", async () => {
    const out = await lint(["examples/orders/contracts"], { output: "json", maxWarnings: "0" });
    const report = JSON.parse(out.stdout) as JsonReport;
    expect(report.sections.map((s) => s.file)).toEqual(["examples/orders/contracts/asyncapi.yaml"]);
    expect(report.sections[0]!.findings).toEqual([]);
    expect(out.code).toBe(0);
  });

  it("the deliberately bad set shows every built-in rule and the example plugin, exit 1", async () => {
    const out = await lint(["examples/schemas/lint/v2"], { against: "examples/schemas/lint/v1", config: "examples/schemas/lint/charter.config.yaml", output: "json" });
    expect(out.stderr).toBe("");
    const report = JSON.parse(out.stdout) as JsonReport;
    const rules = new Set(report.sections.flatMap((s) => s.findings.map((f) => f.rule)));
    for (const rule of LINT_RULES) expect(rules, rule.id).toContain(rule.id);
    expect(rules).toContain("NO_PII_FIELDS");
    expect(out.code).toBe(1);
    const proto = report.sections.find((s) => s.file.endsWith("shipment-dispatched.proto"))!;
    expect(proto.findings).toContainEqual(expect.objectContaining({ rule: "PROTOBUF_RESERVE_REMOVED", severity: "error", line: 8, path: "/ShipmentDispatched" }));
    expect(proto.findings).toContainEqual(expect.objectContaining({ rule: "FIELD_DEFAULT_REQUIRED", line: 14, path: "/ShipmentDispatched/weight_grams" }));
  });

  it("text output names file:line, rule and fix; SARIF 2.1.0 (valid against the OASIS schema) carries the rules and locations", async () => {
    const text = await lint(["examples/schemas/lint/v2/cancel-order.avsc"], { against: "examples/schemas/lint/v1/cancel-order.avsc" });
    expect(text.stdout).toContain("examples/schemas/lint/v2/cancel-order.avsc:9: error FIELD_DEFAULT_REQUIRED at /fields/2");
    expect(text.stdout).toContain("Fix: Give the new field a default");
    expect(text.code).toBe(1);
    const annotated = await lint(["examples/schemas/lint/v2/cancel-order.avsc"], { annotations: true });
    expect(annotated.stdout).toContain("::warning file=examples/schemas/lint/v2/cancel-order.avsc,line=3");
    const sarifText = (await lint(["examples/schemas/lint/v2/cancel-order.avsc"], { output: "sarif" })).stdout;
    expect(sarifErrors(JSON.parse(sarifText))).toEqual([]);
    const sarif = JSON.parse(sarifText) as {
      version: string;
      runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }>;
    };
    expect(sarif.version).toBe("2.1.0");
    const result = sarif.runs[0]!.results.find((r) => r.ruleId === "EVENT_NAME_PAST_TENSE")!;
    expect(result.level).toBe("warning");
    expect(result.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: "examples/schemas/lint/v2/cancel-order.avsc", uriBaseId: "%SRCROOT%" }, region: { startLine: 3 } });
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toContain("EVENT_NAME_PAST_TENSE");
  });

  it("warnings alone exit 0; more than --max-warnings exit 1", async () => {
    const file = "examples/schemas/lint/v2/order-events.asyncapi.yaml";
    expect((await lint([file])).code).toBe(0);
    expect((await lint([file], { maxWarnings: "1" })).code).toBe(1);
    expect((await lint([file], { maxWarnings: "10" })).code).toBe(0);
  });

  it("configuration: severities, off, options, and ignores with their reason (accepted, not failing)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "charter-lint-"));
    const avsc = `{"type": "record", "name": "CreateOrder", "doc": "d", "fields": [{"name": "note", "type": "string", "doc": "n"}]}\n`;
    writeFileSync(join(dir, "create-order.avsc"), avsc);
    writeFileSync(
      join(dir, "charter.config.yaml"),
      [
        "lint:",
        "  rules:",
        "    EVENT_NAME_PAST_TENSE: error",
        "    PAYLOAD_SIZE: off",
        "  ignore:",
        "    - rule: EVENT_ID_REQUIRED",
        '      path: ""',
        "      reason: the id travels in the Kafka record key",
        "",
      ].join("\n"),
    );
    const out = await lint(["create-order.avsc"], { output: "json" }, dir);
    const findings = (JSON.parse(out.stdout) as JsonReport).sections[0]!.findings;
    expect(findings.map((f) => [f.rule, f.severity, f.accepted]).sort()).toEqual([
      ["EVENT_ID_REQUIRED", "error", "ignored in charter.config.yaml: the id travels in the Kafka record key"],
      ["EVENT_NAME_PAST_TENSE", "error", undefined],
    ]);
    expect(out.code).toBe(1);
  });

  it("invalid input exits 2: unknown rule in the configuration, an ignore without reason, a file that does not parse, no contract", async () => {
    const dir = mkdtempSync(join(tmpdir(), "charter-lint-"));
    writeFileSync(join(dir, "a.avsc"), `{"type": "record", "name": "A", "fields": [}`);
    writeFileSync(join(dir, "b.txt"), "hello");
    const bad = await lint(["a.avsc"], {}, dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("a.avsc");
    expect((await lint(["b.txt"], {}, dir)).code).toBe(2);
    expect((await lint(["missing-dir"], {}, dir)).code).toBe(2);
    writeFileSync(join(dir, "unknown.yaml"), "lint:\n  rules:\n    NO_SUCH_RULE: error\n");
    const unknown = await lint(["examples/schemas/lint/v2/cancel-order.avsc"], { config: join(dir, "unknown.yaml") });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown lint rule NO_SUCH_RULE");
    writeFileSync(join(dir, "noreason.yaml"), "lint:\n  ignore:\n    - { rule: DOCUMENTED, path: '/**' }\n");
    const noReason = await lint(["examples/schemas/lint/v2/cancel-order.avsc"], { config: join(dir, "noreason.yaml") });
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain("missing 'reason'");
    expect((await lint(["examples/orders/contracts"], { output: "xml" })).code).toBe(2);
  });

  it("--registry: the previous version is the latest registered version of the contract's subject", async () => {
    const dir = mkdtempSync(join(tmpdir(), "charter-lint-registry-"));
    const registry = await startRegistry({ dbPath: join(dir, "registry.db"), port: 0, logger: false });
    try {
      const v1 = readFileSync(join(ROOT, "examples/schemas/lint/v1/cancel-order.avsc"), "utf8");
      const put = await fetch(`${registry.url}/subjects/cancel-order-value/versions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ schema: v1 }) });
      expect(put.status).toBe(200);
      writeFileSync(join(dir, "cancel-order.avsc"), readFileSync(join(ROOT, "examples/schemas/lint/v2/cancel-order.avsc"), "utf8"));
      writeFileSync(join(dir, "charter.config.yaml"), "contracts:\n  - glob: '*.avsc'\n    subject: '{name}-value'\nlint:\n  rules: { PAYLOAD_SIZE: off }\n");
      const out = await lint(["cancel-order.avsc"], { registry: registry.url, output: "json" }, dir);
      const report = JSON.parse(out.stdout) as JsonReport & { sections: Array<{ facts: Record<string, string> }> };
      expect(report.sections[0]!.facts["against"]).toBe(`${registry.url} subject cancel-order-value version 1`);
      expect(report.sections[0]!.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(["FIELD_DEFAULT_REQUIRED", "FIELD_REMOVED_WITHOUT_DEPRECATION"]));
      // A subject the registry does not have: nothing to compare with, not an error.
      writeFileSync(join(dir, "charter.config.yaml"), "contracts:\n  - glob: '*.avsc'\n    subject: 'other-{name}'\n");
      const fresh = await lint(["cancel-order.avsc"], { registry: registry.url, output: "json" }, dir);
      expect((JSON.parse(fresh.stdout) as JsonReport).sections[0]!.findings.map((f) => f.rule)).not.toContain("FIELD_DEFAULT_REQUIRED");
    } finally {
      await registry.close();
    }
  });
});
