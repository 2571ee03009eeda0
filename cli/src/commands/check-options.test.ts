import { describe, expect, it } from "vitest";
import { parseReferenceFlag, resolveCheckSettings } from "./check-options.js";

describe("check options", () => {
  it("parses --reference name=path at the first =", () => {
    expect(parseReferenceFlag("acme.State=./state.avsc")).toEqual({ ok: true, value: { name: "acme.State", path: "./state.avsc" } });
    expect(parseReferenceFlag("a=b=c")).toEqual({ ok: true, value: { name: "a", path: "b=c" } });
    expect(parseReferenceFlag("=x").ok).toBe(false);
    expect(parseReferenceFlag("x=").ok).toBe(false);
  });

  it("defaults to BACKWARD and text, reads level and format case-insensitively", () => {
    expect(resolveCheckSettings("n.avsc", { against: "o.avsc" })).toEqual({
      ok: true,
      value: { newPath: "n.avsc", oldPath: "o.avsc", level: "BACKWARD", references: [], output: "text" },
    });
    const given = resolveCheckSettings("n", { against: "o", format: "Proto", level: "full_transitive", output: "JSON", reference: ["x=y"] });
    expect(given).toMatchObject({ ok: true, value: { format: "PROTOBUF", level: "FULL_TRANSITIVE", output: "json", references: [{ name: "x", path: "y" }] } });
  });
});
