import { describe, expect, it } from "vitest";
import { REPORT } from "../../test/sample-report.js";
import { sarifErrors } from "../../test/sarif-validator.js";
import { toSarif } from "./sarif.js";

describe("SARIF", () => {
  it("validates against the SARIF 2.1.0 schema; accepted findings are suppressed with their reason", () => {
    const log = toSarif(REPORT) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; help: { text: string } }> } }; results: Array<Record<string, unknown>> }> };
    expect(sarifErrors(log)).toEqual([]);
    const [run] = log.runs;
    expect(run!.tool.driver.rules.map((r) => r.id)).toEqual(["TYPE_MISMATCH", "MISSING_ENUM_SYMBOLS", "BASE_INVALID"]);
    expect(run!.results[0]).toMatchObject({
      ruleId: "TYPE_MISMATCH",
      ruleIndex: 0,
      level: "error",
      locations: [{ physicalLocation: { artifactLocation: { uri: "schemas/a%20b,c.avsc", uriBaseId: "%SRCROOT%" }, region: { startLine: 5, startColumn: 25 } } }],
    });
    expect(run!.results[1]).toMatchObject({ suppressions: [{ kind: "external", status: "accepted", justification: "ignored: agreed with consumers" }] });
    expect(run!.results[2]).not.toHaveProperty("locations");
  });
});
