import type { Report } from "../src/report/report.js";

/** A report as any command could produce it: a failing section, an accepted finding, a general finding. */
export const REPORT: Report = {
  tool: { name: "charter", version: "0.1.0" },
  title: "Charter compatibility gate",
  outcome: "fail",
  exitCode: 1,
  headline: "1 of 2 contracts break compatibility",
  details: ["Compared with base `main`"],
  sections: [
    {
      title: "schemas/a b,c.avsc",
      file: "schemas/a b,c.avsc",
      status: "fail",
      facts: { format: "AVRO", level: "BACKWARD", verdict: "breaking" },
      findings: [
        { rule: "TYPE_MISMATCH", severity: "error", message: "reader type: INT not compatible | with LONG\nsecond line, 100%", title: "TYPE_MISMATCH (BACKWARD)", file: "schemas/a b,c.avsc", line: 5, column: 25, path: "/fields/0/type" },
        { rule: "MISSING_ENUM_SYMBOLS", severity: "error", message: "symbols removed", file: "schemas/a b,c.avsc", line: 9, path: "/fields/1/type", accepted: "ignored: agreed with consumers" },
      ],
    },
    { title: "schemas/ok.avsc", file: "schemas/ok.avsc", status: "pass", facts: { format: "AVRO", level: "BACKWARD", verdict: "compatible" }, findings: [] },
  ],
  general: [{ rule: "BASE_INVALID", severity: "warning", message: "something about the run" }],
  rules: [
    { id: "TYPE_MISMATCH", summary: "A type changed incompatibly", help: "Keep the type." },
    { id: "MISSING_ENUM_SYMBOLS", summary: "Enum symbols were removed", help: "Keep them." },
    { id: "BASE_INVALID", summary: "The base version does not parse", help: "Treated as new." },
  ],
};
