import { describe, expect, it } from "vitest";
import { parseFailOn } from "./fail-on.js";
import { compileIgnoreList } from "./ignore.js";
import type { ContractResult, GateViolation } from "./result.js";
import { applyAcceptance, exitCodeOf, isBreaking } from "./verdicts.js";

const violation = (rule: string, path: string, extra: Partial<GateViolation> = {}): GateViolation => ({ rule, severity: "error", message: "m", path, location: { file: "a.proto", line: 1, version: "new" }, ...extra });
const contract = (violations: GateViolation[], verdict: ContractResult["verdict"] = "breaking"): ContractResult => ({ subject: "a-value", file: "schemas/a.proto", format: "PROTOBUF", level: "BACKWARD", change: "modified", verdict, violations });

describe("ignore list and skip label", () => {
  const ignore = compileIgnoreList([
    { rule: "FIELD_NAMED_TYPE_CHANGED", path: "/Order/total", reason: "by Confluent name" },
    { rule: "FIELD_NO_DELETE", path: "/Order/*", reason: "any Order field", subject: "a-value" },
    { rule: "FIELD_NO_DELETE", path: "/Line/*", reason: "other subject", subject: "b-value" },
    { rule: "PAYLOAD_INCOMPATIBLE", path: "/x/minimum", reason: "by cause", file: "schemas/*.proto" },
  ]);
  const accept = (c: ContractResult, skipLabel?: string): ContractResult => applyAcceptance(c, { ignore, configName: "charter.config.yaml", ...(skipLabel ? { skipLabel } : {}) });

  it("accepts matches by rule (or Confluent name), pointer glob, subject and file, keeping the finding and its reason", () => {
    const result = accept(
      contract([
        violation("FIELD_SAME_TYPE", "/Order/total", { confluent: "FIELD_NAMED_TYPE_CHANGED" }),
        violation("FIELD_NO_DELETE", "/Order/id"),
        violation("PAYLOAD_INCOMPATIBLE", "/m", { causes: [{ rule: "MINIMUM_INCREASED", path: "/x/minimum", message: "c" }] }),
      ]),
    );
    expect(result.verdict).toBe("accepted");
    expect(result.violations.map((v) => v.accepted)).toEqual(["ignored in charter.config.yaml: by Confluent name", "ignored in charter.config.yaml: any Order field", "ignored in charter.config.yaml: by cause"]);
    expect(exitCodeOf([result], [], "error")).toBe(0);
    expect(isBreaking([result])).toBe(false);
  });

  it("leaves other breaks open; the skip label accepts them but never an invalid contract", () => {
    const open = accept(contract([violation("FIELD_NO_DELETE", "/Line/id")]));
    expect(open.verdict).toBe("breaking");
    expect(exitCodeOf([open], [], "error")).toBe(1);
    const labelled = accept(contract([violation("FIELD_NO_DELETE", "/Line/id")]), "charter: skip-compat");
    expect(labelled).toMatchObject({ verdict: "accepted", violations: [{ accepted: 'accepted by the pull request label "charter: skip-compat"' }] });
    const invalid = accept(contract([violation("CONTRACT_INVALID", "")], "invalid"), "charter: skip-compat");
    expect(invalid).toMatchObject({ verdict: "invalid", violations: [{ rule: "CONTRACT_INVALID" }] });
    expect(invalid.violations[0]!.accepted).toBeUndefined();
    expect(exitCodeOf([invalid], [], "never")).toBe(2);
  });
});

describe("fail-on", () => {
  it("decides which unaccepted findings fail the run", () => {
    const warned = contract([violation("BASE_INVALID", "", { severity: "warning" })], "unchecked");
    expect(exitCodeOf([warned], [], "error")).toBe(0);
    expect(exitCodeOf([warned], [], "warning")).toBe(1);
    expect(exitCodeOf([contract([violation("X", "")])], [], "never")).toBe(0);
    expect(exitCodeOf([], [{ rule: "CONFIG_INVALID", message: "bad" }], "never")).toBe(2);
  });

  it("reads error, warning and never (and oasdiff's ERR/WARN)", () => {
    expect([undefined, "", "ERROR", "err", "WARN", "warning", "never", "none", "bogus"].map(parseFailOn)).toEqual(["error", "error", "error", "error", "warning", "warning", "never", "never", undefined]);
  });
});
