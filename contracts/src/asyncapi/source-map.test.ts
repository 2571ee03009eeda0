import { describe, expect, it } from "vitest";
import { applyEdits } from "./edit-document.js";
import { referenceResolvers } from "./reference-resolver.js";
import { pointerTokens, SourceMap } from "./source-map.js";

const TEXT = [
  "channels:", // 1
  "  a/b:", // 2
  "    messages:", // 3
  "      m:", // 4
  "        $ref: '#/components/messages/m'", // 5
  "components:", // 6
  "  messages:", // 7
  "    m:", // 8
  "      payload:", // 9
  "        type: object", // 10
].join("\n");

describe("SourceMap", () => {
  it("follows local $refs to the place a value is written", () => {
    const map = new SourceMap(TEXT);
    expect(map.locate("/channels/a~1b/messages/m/payload/type")).toEqual({ path: "/components/messages/m/payload/type", line: 10 });
    expect(map.locate("/channels/a~1b")).toEqual({ path: "/channels/a~1b", line: 2 });
  });

  it("keeps tokens the text lacks, with the line of the deepest place found", () => {
    expect(new SourceMap(TEXT).locate("/components/messages/m/payload/properties/x")).toEqual({ path: "/components/messages/m/payload/properties/x", line: 9 });
  });

  it("unescapes pointer tokens", () => {
    expect(pointerTokens("/a~1b/c~0d/0")).toEqual(["a/b", "c~d", "0"]);
    expect(pointerTokens("#/x")).toEqual(["x"]);
  });
});

describe("referenceResolvers", () => {
  const uri = (path: string, full = `file://${path}`) => ({ toString: () => full, path: () => path });
  it("answers relative paths from references named from the document or from a common root", () => {
    const { resolvers, unresolved } = referenceResolvers([
      { name: "common/messages.yaml", schema: "A" },
      { name: "../shared/x.yaml", schema: "B" },
    ]);
    const read = resolvers[0]!.read;
    expect(read(uri("/charter/common/messages.yaml"))).toBe("A");
    expect(read(uri("/charter/shared/x.yaml"))).toBe("B");
    expect(unresolved).toEqual([]);
  });

  it("never fetches: unknown URLs are recorded and answered with an empty document", () => {
    const { resolvers, unresolved } = referenceResolvers([{ name: "https://example.com/a.json", schema: "{}" }]);
    const https = resolvers.find((r) => r.schema === "https")!;
    expect(https.read(uri("/a.json", "https://example.com/a.json"))).toBe("{}");
    expect(https.read(uri("/b.json", "https://example.com/b.json"))).toBe("{}");
    expect(unresolved).toEqual(["https://example.com/b.json"]);
  });
});

describe("applyEdits", () => {
  it("adds, replaces, moves and removes, keeping YAML", () => {
    const result = applyEdits("a:\n  b: 1\n  list: [x]\n", [
      { op: "replace", path: "/a/b", value: 2 },
      { op: "add", path: "/a/list/-", value: "y" },
      { op: "move", from: "/a/b", path: "/c" },
      { op: "remove", path: "/a/list/0" },
    ]);
    expect(result).toEqual({ text: "a:\n  list: [ y ]\nc: 2\n" });
  });

  it("returns an error for a path that does not exist", () => {
    expect(applyEdits("a: 1\n", [{ op: "remove", path: "/b" }])).toEqual({ error: "edit 0 (remove /b): path does not exist" });
  });
});
