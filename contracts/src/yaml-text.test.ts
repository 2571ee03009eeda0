import { describe, expect, it } from "vitest";
import { readYamlOrJson } from "./yaml-text.js";

describe("readYamlOrJson", () => {
  it("reads YAML and JSON into JSON values", () => {
    expect(readYamlOrJson("a: [1, {b: 2}]\n")).toEqual({ ok: true, value: { a: [1, { b: 2 }] } });
    expect(readYamlOrJson('{"a": null}')).toEqual({ ok: true, value: { a: null } });
    expect(readYamlOrJson("")).toEqual({ ok: true, value: null });
  });

  it("refuses nesting past maxDepth in every spelling, before anything recurses", () => {
    const n = 10_000;
    for (const text of [`${"[".repeat(n)}${"]".repeat(n)}`, `${'{"a":'.repeat(n)}1${"}".repeat(n)}`, `x:\n${"- ".repeat(n)}a\n`, Array.from({ length: 300 }, (_, i) => " ".repeat(i) + "k:").join("\n") + " 1\n"]) {
      const r = readYamlOrJson(text);
      expect(r.ok ? "" : r.error.code).toBe("SCHEMA_TOO_DEEP");
    }
    expect(readYamlOrJson("a: [[[1]]]\n", { maxDepth: 3 }).ok).toBe(false);
    expect(readYamlOrJson("a: [[[1]]]\n", { maxDepth: 4 }).ok).toBe(true);
  });

  it("refuses more values than maxNodes, alias bombs, cyclic aliases and several documents", () => {
    expect(readYamlOrJson("[1, 2, 3, 4]", { maxNodes: 4 }).ok).toBe(false);
    expect(readYamlOrJson("[1, 2, 3]", { maxNodes: 4 }).ok).toBe(true);
    const laughs = "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
    expect(readYamlOrJson(laughs).ok).toBe(false);
    expect(readYamlOrJson("a: &a\n  b: *a\n").ok).toBe(false);
    const multi = readYamlOrJson("a: 1\n---\nb: 2\n");
    expect(multi.ok ? undefined : [multi.error.code, multi.error.line]).toEqual(["SCHEMA_SYNTAX", 2]);
  });
});
