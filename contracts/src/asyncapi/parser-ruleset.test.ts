import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { AvroSchemaParser } from "@asyncapi/avro-schema-parser";
import { Parser, type Diagnostic } from "@asyncapi/parser";
import { ProtoBuffSchemaParser } from "@asyncapi/protobuf-schema-parser";
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cachedValidationRuleset, validationRuleset } from "./parser-ruleset.js";
import { usePrecompiledPayloadValidators } from "./precompiled-schema-parser.js";
import { payloadValidatorId, precompiledValidator, specSchema, writePayloadValidators, writeSpecValidators } from "./spec-validators.js";

const CORPUS = fileURLToPath(new URL("../../../../shared/corpus/asyncapi/", import.meta.url));
const S3 = readFileSync(CORPUS + "spec-examples-3.0.0/streetlights-kafka-asyncapi.yml", "utf8");
const S2 = readFileSync(CORPUS + "spec-examples-2.6.0/streetlights-kafka.yml", "utf8");

function parser(options: ConstructorParameters<typeof Parser>[0] = {}): Parser {
  const p = new Parser(options);
  p.registerSchemaParser(AvroSchemaParser());
  p.registerSchemaParser(ProtoBuffSchemaParser());
  return p;
}

const shape = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.severity} ${d.code} ${d.path.join("/")} ${d.message}`).sort();

// Documents that break the specification schema in the places the document-structure rules check.
const BROKEN: Record<string, string> = {
  "3.0 wrong type": S3.replace("type: string", "type: 7"),
  "3.0 unknown root key": S3 + "\nnotAField: 1\n",
  "3.0 info without title": S3.replace(/^ {2}title: .*$/m, ""),
  "2.6 wrong channel shape": S2.replace(/^channels:\n/m, "channels:\n  broken: 5\n"),
  "2.6 bad message": S2.replace("contentType: application/json", "contentType: [1, 2]"),
  "3.0 bad payload schema": S3.replace(/(lumens:\n\s+type: integer\n\s+)minimum: 0/, "$1minimum: zero"),
};

describe("cachedValidationRuleset", () => {
  it("gives exactly the diagnostics of the parser's own ruleset, on valid and broken documents", async () => {
    const own = parser();
    const cached = parser({ ruleset: cachedValidationRuleset() });
    for (const [name, text] of Object.entries({ "3.0": S3, "2.6": S2, ...BROKEN })) {
      const expected = shape((await own.parse(text)).diagnostics);
      expect(shape((await cached.parse(text)).diagnostics), name).toEqual(expected);
      // Twice: the second parse runs on the validators compiled by the first.
      expect(shape((await cached.parse(text)).diagnostics), `${name} (again)`).toEqual(expected);
    }
    for (const name of Object.keys(BROKEN)) {
      const errors = (await cached.parse(BROKEN[name]!)).diagnostics.filter((d) => d.severity === 0);
      expect(errors.length, name).toBeGreaterThan(0);
    }
  }, 180_000);

  it("applies through validateOptions when a parse brings its own resolver (a Spectral instance per parse)", async () => {
    const p = parser({ ruleset: cachedValidationRuleset() });
    const options = { validateOptions: { ruleset: cachedValidationRuleset() } as never, __unstable: { resolver: { resolvers: [] } } };
    const broken = BROKEN["3.0 wrong type"]!;
    expect(shape((await p.parse(broken, options)).diagnostics)).toEqual(shape((await parser().parse(broken)).diagnostics));
  });

  it("is one object for the process", () => {
    expect(cachedValidationRuleset()).toBe(cachedValidationRuleset());
  });

  it("gives the same diagnostics on validators precompiled to standalone code (the build's), without compiling", async () => {
    const dir = mkdtempSync(join(tmpdir(), "charter-spec-validators-"));
    try {
      expect(writeSpecValidators(dir, ["3.0.0", "2.6.0"])).toHaveLength(4);
      expect(writePayloadValidators(dir, ["3.0.0", "2.6.0"])).toHaveLength(2);
      expect(precompiledValidator(dir, specSchema("3.0.0", true).$id)).toBeTypeOf("function");
      expect(precompiledValidator(dir, payloadValidatorId("2.6.0"))).toBeTypeOf("function");
      const own = parser();
      const precompiled = parser({ ruleset: validationRuleset(dir) });
      usePrecompiledPayloadValidators(precompiled, dir);
      for (const [name, text] of Object.entries({ "3.0": S3, "2.6": S2, ...BROKEN })) {
        expect(shape((await precompiled.parse(text)).diagnostics), name).toEqual(shape((await own.parse(text)).diagnostics));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
