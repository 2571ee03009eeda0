import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, removeDir, tempDir, writeFiles } from "../../test/gate-fixture.js";
import { BlobReader, changedFiles, listTree, listWorkTree } from "./git.js";

let root: string;
let base: string;
beforeAll(() => {
  root = tempDir("git");
  writeFiles(root, { "a.avsc": "\uFEFF{}", "dir/b.proto": 'syntax = "proto3";\n', "c.json": "{}", "big.json": "x".repeat(300_000) });
  git(root, "init", "-q", "-b", "main");
  git(root, "add", "-A");
  git(root, "commit", "-q", "-m", "base");
  base = git(root, "rev-parse", "HEAD");
  git(root, "checkout", "-q", "-b", "feature");
  git(root, "mv", "dir/b.proto", "dir/renamed.proto");
  git(root, "rm", "-q", "c.json");
  writeFileSync(join(root, "a.avsc"), '{"type": "string"}');
  git(root, "commit", "-q", "-am", "head");
  writeFiles(root, { "new.avsc": "{}" });
  rmSync(join(root, "big.json"));
});
afterAll(() => removeDir(root));

describe("git access", () => {
  it("lists what changed against a commit: renames, deletions, modifications, untracked files", async () => {
    expect(await changedFiles(root, base)).toEqual(
      expect.arrayContaining([
        { kind: "modified", path: "a.avsc" },
        { kind: "deleted", path: "c.json" },
        { kind: "renamed", path: "dir/renamed.proto", from: "dir/b.proto" },
        { kind: "added", path: "new.avsc" },
        { kind: "deleted", path: "big.json" },
      ]),
    );
    expect((await listWorkTree(root)).sort()).toEqual(["a.avsc", "dir/renamed.proto", "new.avsc"]);
  });

  it("reads many blobs of the base through one cat-file process, large ones included", async () => {
    const tree = await listTree(root, base);
    expect([...tree.keys()].sort()).toEqual(["a.avsc", "big.json", "c.json", "dir/b.proto"]);
    const reader = new BlobReader(root);
    try {
      const texts = await Promise.all([...tree.values()].map((oid) => reader.read(oid)));
      expect(texts.map((t) => t?.length).sort()).toEqual([19, 2, 2, 300_000].sort());
      expect(await reader.read(tree.get("a.avsc")!)).toBe("{}");
      expect(await reader.read("0".repeat(40))).toBeUndefined();
    } finally {
      reader.close();
    }
  });
});
