import { describe, expect, it } from "vitest";
import { fullName, isValidName, isValidNamespace, referenceCandidates } from "./names.js";

describe("Avro names (spec §Names)", () => {
  it("validates names and namespaces", () => {
    expect(["a", "_", "A_1", "_9"].every(isValidName)).toBe(true);
    expect(["", "1a", "a-b", "a.b", "é"].some(isValidName)).toBe(false);
    expect(["", "a", "a.b_c.D"].every(isValidNamespace)).toBe(true);
    expect(["a.", ".a", "a..b", "a.1"].some(isValidNamespace)).toBe(false);
  });

  it("resolves full names", () => {
    expect(fullName("R", "a.b")).toEqual({ full: "a.b.R", namespace: "a.b", simple: "R" });
    expect(fullName("x.R", "a.b")).toEqual({ full: "x.R", namespace: "x", simple: "R" });
    expect(fullName("R", "")).toEqual({ full: "R", namespace: "", simple: "R" });
    expect(fullName(".R", "a")).toEqual({ full: "R", namespace: "", simple: "R" });
  });

  it("looks unqualified references up in the enclosing namespace, then the null one", () => {
    expect(referenceCandidates("R", "a")).toEqual(["a.R", "R"]);
    expect(referenceCandidates("x.R", "a")).toEqual(["x.R"]);
    expect(referenceCandidates("R", "")).toEqual(["R"]);
    expect(referenceCandidates(".R", "a")).toEqual(["R"]);
  });
});
