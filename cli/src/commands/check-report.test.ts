import type { LevelViolation } from "@charter/contracts";
import { describe, expect, it } from "vitest";
import { buildCheckReport, renderJson, renderText } from "./check-report.js";

const violation = (extra: Partial<LevelViolation> & Record<string, unknown>): LevelViolation => ({
  rule: "R",
  path: "/a",
  message: "m",
  version: 1,
  direction: "backward",
  ...extra,
});

describe("buildCheckReport", () => {
  it("names the document a line is in: the reader by direction, or the AsyncAPI engine's side", () => {
    const report = buildCheckReport("ASYNCAPI", "FULL", {
      compatible: false,
      violations: [
        violation({ in: "reader", line: 3 }),
        violation({ in: "writer", direction: "forward" }),
        violation({ in: "reader", direction: "forward", line: 4 }),
      ],
    });
    expect(report.violations.map((v) => v.document)).toEqual(["new", "new", "old"]);
    const plain = buildCheckReport("AVRO", "FULL", { compatible: false, violations: [violation({ line: 2, direction: "forward" }), violation({})] });
    expect(plain.violations).toEqual([
      { rule: "R", path: "/a", line: 2, message: "m", direction: "forward", readerWriter: "the old schema cannot read data written with the new schema", document: "old" },
      { rule: "R", path: "/a", message: "m", direction: "backward", readerWriter: "the new schema cannot read data written with the old schema" },
    ]);
  });

  it("keeps nested causes and Confluent names, drops engine-internal fields", () => {
    const report = buildCheckReport("PROTOBUF", "BACKWARD", {
      compatible: false,
      violations: [violation({ confluent: "C", severity: "breaking", causes: [{ rule: "X", path: "/x", message: "x", causes: [{ rule: "Y", path: "", message: "y", line: 9 }] }] })],
    });
    expect(JSON.parse(renderJson(report))).toEqual({
      compatible: false,
      format: "PROTOBUF",
      level: "BACKWARD",
      violations: [
        {
          rule: "R",
          path: "/a",
          message: "m",
          direction: "backward",
          readerWriter: "the new schema cannot read data written with the old schema",
          confluent: "C",
          causes: [{ rule: "X", path: "/x", message: "x", causes: [{ rule: "Y", path: "", line: 9, message: "y" }] }],
        },
      ],
    });
    expect(renderText(report, { new: "n.proto", old: "o.proto" })).toBe(
      [
        "INCOMPATIBLE: n.proto breaks BACKWARD compatibility with o.proto (PROTOBUF): 1 violation",
        "",
        "[backward] R at /a [Confluent C]",
        "    m",
        "    - X at /x: x",
        "      - Y at / (line 9): y",
        "    why: the new schema cannot read data written with the old schema",
        "",
      ].join("\n"),
    );
  });

  it("carries each violation's hint and its causes' hints into both reports", () => {
    const report = buildCheckReport("AVRO", "FORWARD", {
      compatible: false,
      violations: [violation({ direction: "forward", hint: "Keep the symbol.", causes: [{ rule: "X", path: "/x", message: "x", hint: "Inner fix." }] })],
    });
    expect(report.violations[0]).toMatchObject({ hint: "Keep the symbol.", readerWriter: "the old schema cannot read data written with the new schema", causes: [{ hint: "Inner fix." }] });
    expect(JSON.parse(renderJson(report)).violations[0].hint).toBe("Keep the symbol.");
    const text = renderText(report, { new: "n.avsc", old: "o.avsc" });
    expect(text).toContain("    why: the old schema cannot read data written with the new schema\n    fix: Keep the symbol.\n");
  });
});
