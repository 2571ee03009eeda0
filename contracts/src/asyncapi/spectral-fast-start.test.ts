import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Parser } from "@asyncapi/parser";
import { describe, expect, it } from "vitest";
import { cachedValidationRuleset } from "./parser-ruleset.js";
import { safeExampleRuleset } from "./safe-rules.js";
import { spectralAssertValidRuleset } from "./spectral-fast-start.js";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const CORPUS = fileURLToPath(new URL("../../../../shared/corpus/asyncapi/", import.meta.url));

/**
 * Runs a fresh Node that validates `docs` with @asyncapi/parser and prints `{ fastStart, results }`: `mode` "ours"
 * imports spectral-fast-start first and uses this engine's ruleset (as parse.ts does); "parser" loads Spectral
 * before anything of ours and uses the parser's own ruleset, untouched.
 */
function validateInChild(mode: "ours" | "parser", docs: readonly string[]): { fastStart: { lazyFunctions: boolean; trustedRulesets: boolean }; results: unknown[] } {
  const script = `
    import { createRequire } from "node:module";
    import { readFileSync } from "node:fs";
    const mode = process.argv[1];
    const docs = JSON.parse(process.argv[2]);
    const require = createRequire(${JSON.stringify(join(HERE, "parse.ts"))});
    if (mode === "parser") require("@asyncapi/parser");
    const { spectralFastStart } = await import(${JSON.stringify(join(HERE, "spectral-fast-start.ts"))});
    const { cachedValidationRuleset } = await import(${JSON.stringify(join(HERE, "parser-ruleset.ts"))});
    const { Parser } = require("@asyncapi/parser");
    const parser = mode === "ours" ? new Parser({ ruleset: cachedValidationRuleset() }) : new Parser();
    const results = [];
    for (const file of docs) {
      const diagnostics = await parser.validate(readFileSync(file, "utf8"));
      results.push(diagnostics.map((d) => ({ code: d.code, message: d.message, path: d.path.join("/"), severity: d.severity })));
    }
    console.log(JSON.stringify({ fastStart: spectralFastStart(), results }));
  `;
  const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, mode, JSON.stringify(docs)], { cwd: HERE, encoding: "utf8" });
  return JSON.parse(out) as ReturnType<typeof validateInChild>;
}

/** Documents the parser refuses, for rules beyond the specification schema's. */
const BROKEN: Record<string, string> = {
  "missing-info.yaml": "asyncapi: 2.6.0\nchannels:\n  a:\n    subscribe:\n      message:\n        payload: { type: string }\n",
  "bad-types.yaml": [
    "asyncapi: 3.0.0",
    "info: { title: t, version: 1 }",
    "channels:",
    "  orders:",
    "    address: orders",
    "    messages:",
    "      created: { payload: { type: object, properties: { id: { type: 7 } } } }",
    "operations:",
    "  send:",
    "    action: publish",
    "    channel: { $ref: '#/channels/orders' }",
    "",
  ].join("\n"),
  "duplicate-ids.yaml": [
    "asyncapi: 2.6.0",
    "info: { title: t, version: '1' }",
    "channels:",
    "  a:",
    "    publish: { operationId: same, message: { messageId: m, payload: { type: string } } }",
    "  b:",
    "    subscribe: { operationId: same, message: { messageId: m, payload: { type: string }, examples: [{ payload: 3 }] } }",
    "",
  ].join("\n"),
};

describe("spectral-fast-start", () => {
  it("keeps Spectral's own ruleset check, which accepts every ruleset this engine hands Spectral", () => {
    // The real check (a meta-schema), not the trusted shortcut: it refuses a rule whose `given` is a number.
    const check = spectralAssertValidRuleset!;
    expect(check).toBeTypeOf("function");
    expect(() => check({ rules: { broken: { given: 1, then: { function: () => undefined } } } })).toThrow();
    expect(() => check(cachedValidationRuleset())).not.toThrow();
    expect(() => check({ rules: safeExampleRuleset(new Parser()).rules })).not.toThrow();
  });

  it("applies in a fresh process, and the parser's diagnostics stay exactly what the untouched parser reports", () => {
    const specExamples = ["spec-examples-2.6.0", "spec-examples-3.0.0"].flatMap((dir) =>
      readdirSync(join(CORPUS, dir))
        .filter((f) => /\.ya?ml$/.test(f))
        .slice(0, 3)
        .map((f) => join(CORPUS, dir, f)),
    );
    const tmp = mkdtempSync(join(tmpdir(), "charter-spectral-"));
    const broken = Object.entries(BROKEN).map(([name, text]) => {
      writeFileSync(join(tmp, name), text);
      return join(tmp, name);
    });
    const docs = [...specExamples, ...broken];
    const ours = validateInChild("ours", docs);
    const parser = validateInChild("parser", docs);
    expect(ours.fastStart).toEqual({ lazyFunctions: true, trustedRulesets: true });
    expect(parser.fastStart).toEqual({ lazyFunctions: false, trustedRulesets: false });
    expect(ours.results).toEqual(parser.results);
    // The comparison saw errors, and the rule ours rewrites (older documents are told about the latest version).
    const codes = (parser.results as Array<Array<{ code: string; severity: number }>>).flat();
    expect(codes.some((d) => d.severity === 0)).toBe(true);
    expect(codes.some((d) => d.code === "asyncapi-latest-version")).toBe(true);
  });
});
