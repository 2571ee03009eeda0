import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSchemaFile, relativeRefTargets } from "./check-references.js";

describe("readSchemaFile", () => {
  it("drops a leading UTF-8 byte-order mark, and only a leading one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "charter-bom-"));
    try {
      const path = join(dir, "bom.json");
      writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"type":"string"}\uFEFF', "utf8")]));
      expect(await readSchemaFile(path)).toEqual({ ok: true, text: '{"type":"string"}\uFEFF' });
      writeFileSync(path, '{"type":"int"}');
      expect(await readSchemaFile(path)).toEqual({ ok: true, text: '{"type":"int"}' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("relativeRefTargets", () => {
  it("finds the file part of relative $refs in YAML and JSON, skipping local and absolute ones", () => {
    const yaml = [
      "a:\n  $ref: '../common/messages.yaml#/commentLiked'",
      'b:\n  $ref: "./schemas.yaml"',
      "c:\n  $ref: '#/components/schemas/x'",
      "d:\n  $ref: https://example.com/x.yaml",
      "e:\n  $ref: plain.yaml#/y",
      "f:\n  $ref: '../common/messages.yaml#/other'",
    ].join("\n");
    expect(relativeRefTargets(yaml)).toEqual(["../common/messages.yaml", "./schemas.yaml", "plain.yaml"]);
    expect(relativeRefTargets('{"payload": {"$ref": "user.avsc"}, "x": {"$ref": "#/y"}}')).toEqual(["user.avsc"]);
  });

  it("reads the document as YAML: a $ref inside a string value is not a reference", () => {
    expect(relativeRefTargets('description: "write $ref: other.yaml to link"\nx:\n  $ref: real.yaml')).toEqual(["real.yaml"]);
    expect(relativeRefTargets("not: [valid")).toEqual([]);
  });
});
