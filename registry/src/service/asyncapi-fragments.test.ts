import { getFormat } from "@charter/contracts";
import { describe, expect, it } from "vitest";
import { isAsyncApiFragment, withAsyncApiFragments } from "./asyncapi-fragments.js";

const engine = withAsyncApiFragments(getFormat("ASYNCAPI")!);

describe("withAsyncApiFragments", () => {
  it("accepts a YAML fragment: identity from keys-sorted JSON, text kept", async () => {
    const yaml = "b:\n  type: string\na:\n  type: integer\n";
    const json = '{"a":{"type":"integer"},"b":{"type":"string"}}';
    const [y, j] = await Promise.all([engine.parse(yaml), engine.parse(json)]);
    if (!y.ok || !j.ok) expect.fail("fragments must parse");
    expect(isAsyncApiFragment(y.value)).toBe(true);
    expect(y.value.text).toBe(yaml);
    expect(y.value.fingerprint).toBe(j.value.fingerprint);
    expect(engine.compatibility(y.value, j.value)).toEqual([]);
  });

  it("leaves non-fragments to the engine: documents, broken documents, empty mappings, non-mappings, bad YAML", async () => {
    for (const text of ["info: {title: t}\nchannels: {}\n", "{}", "[1, 2]", "a: [unclosed"]) {
      const r = await engine.parse(text);
      expect(r.ok, text).toBe(false);
    }
    const doc = await engine.parse("asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\n");
    expect(doc.ok && !isAsyncApiFragment(doc.value)).toBe(true);
  });

  it("refuses fragments nested past maxDepth, and a document replaced by a fragment", async () => {
    const deep = "a: " + "[".repeat(20) + "]".repeat(20);
    const r = await engine.parse(deep, { maxDepth: 10 });
    expect(r.ok ? "parsed" : r.error.code).toBe("SCHEMA_TOO_DEEP");
    const [doc, frag] = await Promise.all([engine.parse("asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\n"), engine.parse("a: 1\n")]);
    if (!doc.ok || !frag.ok) expect.fail("must parse");
    expect(engine.compatibility(frag.value, doc.value)).toMatchObject([{ rule: "ASYNCAPI_KIND_CHANGED" }]);
  });
});
