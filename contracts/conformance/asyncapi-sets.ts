/**
 * The AsyncAPI conformance sets and their judges (imported by `sets.ts`).
 *
 * - `asyncapi-diff`: the @asyncapi/diff fixtures in `../shared/vectors/asyncapi-diff/cases.json`. Our verdict
 *   "breaking" = some breaking change when the new document replaces the old (`compatibility(new, old)`),
 *   compared with the fixture's `expect.breaking` (cases with `null` carry no verdict and are skipped).
 *   Policy: @asyncapi/diff's standard classifies server edits as breaking, so the judge runs with
 *   `SERVERS_CHANGED: "breaking"`; its `info.version` rule is NOT followed (Charter: `INFO_CHANGED` is
 *   non-breaking) — that never decides a verdict here. A fixture's `options.override` is translated to
 *   Charter rule severities (see {@link overridePolicy}); "unclassified" counts as not breaking, as it does
 *   for @asyncapi/diff's `breaking()` list. Fixtures that are not valid AsyncAPI documents (fragments such as
 *   `{"asyncapi": "2.1.0", "servers": …}`, which @asyncapi/diff diffs as raw JSON) are modelled leniently
 *   from their JSON instead of being parsed.
 * - `asyncapi-own`: `asyncapi/cases.json`, pairs derived at run time from `../shared/corpus/asyncapi`
 *   documents by JSON-Patch-like edits (`baseEdits` apply to both sides, `edits` make the new side), with
 *   the expected BACKWARD (`compatibility(new, old)`) and FORWARD (`compatibility(old, new)`) verdicts and
 *   the reason for them.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildAsyncApiModel, type AsyncApiParsedModel } from "../src/asyncapi/index.js";
import { readYamlOrJson } from "../src/yaml-text.js";
import { sortedJson } from "../src/json-text.js";
import { getFormat, sha256Hex, type ParsedSchema, type ResolvedReference } from "../src/index.js";
import { applyEdits, type EditOp } from "../src/asyncapi/edit-document.js";
import type { ConformanceSet, Disagreement } from "./sets.js";

const VECTORS = fileURLToPath(new URL("../../../shared/vectors/", import.meta.url));
const CORPUS = fileURLToPath(new URL("../../../shared/corpus/asyncapi/", import.meta.url));
const OWN_CASES = fileURLToPath(new URL("./asyncapi/cases.json", import.meta.url));

/** Charter policy equal to @asyncapi/diff's standard where the fixtures depend on it (servers). */
export const ASYNCAPI_DIFF_STANDARD_POLICY: Readonly<Record<string, string>> = { SERVERS_CHANGED: "breaking" };

/** Which Charter rules an @asyncapi/diff override path governs, per action. */
const OVERRIDE_RULES: ReadonlyArray<{ pattern: RegExp; add: string[]; remove: string[]; edit: string[] }> = [
  { pattern: /^\/channels\/\*$/, add: ["CHANNEL_ADDED"], remove: ["CHANNEL_REMOVED"], edit: ["CHANNEL_ADDRESS_CHANGED", "CHANNEL_PARAMETER_CHANGED"] },
  { pattern: /^\/info(\/|$)/, add: ["INFO_CHANGED"], remove: ["INFO_CHANGED"], edit: ["INFO_CHANGED"] },
  { pattern: /^\/servers(\/|$)/, add: ["SERVERS_CHANGED"], remove: ["SERVERS_CHANGED"], edit: ["SERVERS_CHANGED"] },
];

/**
 * Translates @asyncapi/diff `override` (`{"<path>": {add, remove, edit: "breaking"|"non-breaking"|"unclassified"}}`)
 * into Charter rule severities; "unclassified" → non-breaking.
 */
export function overridePolicy(override: Record<string, Record<string, string>> | undefined): Record<string, string> {
  const policy: Record<string, string> = { ...ASYNCAPI_DIFF_STANDARD_POLICY };
  for (const [path, actions] of Object.entries(override ?? {})) {
    const entry = OVERRIDE_RULES.find((r) => r.pattern.test(path));
    if (!entry) continue;
    for (const action of ["add", "remove", "edit"] as const) {
      const value = actions[action];
      if (value === undefined) continue;
      for (const rule of entry[action]) policy[rule] = value === "breaking" ? "breaking" : "non-breaking";
    }
  }
  return policy;
}

/** A document the parser refuses, modelled from its JSON as @asyncapi/diff reads raw objects. */
function lenient(text: string): ParsedSchema | string {
  const raw = readYamlOrJson(text);
  if (!raw.ok) return `${raw.error.code}: ${raw.error.message}`;
  const model = buildAsyncApiModel(raw.value);
  if (!model.ok) return `${model.error.code}: ${model.error.message}`;
  const canonical = sortedJson(raw.value);
  const parsed: AsyncApiParsedModel = { kind: "asyncapi", model: model.value };
  return { type: "ASYNCAPI", text, canonical, fingerprint: sha256Hex(canonical), references: [], model: parsed };
}

async function parse(text: string, references: readonly ResolvedReference[] = []): Promise<ParsedSchema | string> {
  const engine = getFormat("ASYNCAPI");
  if (!engine) return "no ASYNCAPI engine";
  const result = await engine.parse(text, { references });
  return result.ok ? result.value : `${result.error.code}: ${result.error.message}${result.error.path ? ` at ${result.error.path}` : ""}`;
}

interface DiffCase {
  id: string;
  old: unknown;
  new: unknown;
  options?: { override?: Record<string, Record<string, string>> };
  expect: { breaking: boolean | null };
}

const asText = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v, null, 2));

async function judgeDiff(c: DiffCase): Promise<Disagreement | null> {
  const engine = getFormat("ASYNCAPI")!;
  const sides: ParsedSchema[] = [];
  for (const value of [c.old, c.new]) {
    const text = asText(value);
    let parsed = await parse(text);
    if (typeof parsed === "string") parsed = lenient(text);
    if (typeof parsed === "string") return { id: c.id, detail: `refused: ${parsed}`, refused: true };
    sides.push(parsed);
  }
  const violations = engine.compatibility(sides[1]!, sides[0]!, { policy: overridePolicy(c.options?.override) });
  const breaking = violations.length > 0;
  if (breaking === c.expect.breaking) return null;
  const first = violations[0];
  return { id: c.id, detail: `peer breaking=${String(c.expect.breaking)}, ours ${breaking}${first ? ` (${first.rule} at ${first.path})` : ""}`, refused: false };
}

interface OwnCase {
  id: string;
  base: string;
  references?: Array<{ name: string; corpus: string }>;
  baseEdits?: EditOp[];
  edits: EditOp[];
  expect: { backward: boolean; forward: boolean };
  reason: string;
}

async function judgeOwn(c: OwnCase): Promise<Disagreement | null> {
  const engine = getFormat("ASYNCAPI")!;
  const fail = (detail: string, refused = true): Disagreement => ({ id: c.id, detail, refused });
  const baseText = readFileSync(CORPUS + c.base, "utf8");
  const references = (c.references ?? []).map((r) => ({ name: r.name, schema: readFileSync(CORPUS + r.corpus, "utf8") }));
  const oldEdited = applyEdits(baseText, c.baseEdits ?? []);
  if ("error" in oldEdited) return fail(`baseEdits: ${oldEdited.error}`);
  const newEdited = applyEdits(oldEdited.text, c.edits);
  if ("error" in newEdited) return fail(`edits: ${newEdited.error}`);
  const [oldS, newS] = [await parse(oldEdited.text, references), await parse(newEdited.text, references)];
  if (typeof oldS === "string") return fail(`old refused: ${oldS}`);
  if (typeof newS === "string") return fail(`new refused: ${newS}`);
  // A case whose edits change nothing would test nothing.
  if (c.edits.length > 0 && oldS.canonical === newS.canonical) return fail("edits leave the document unchanged");
  const problems: string[] = [];
  for (const [direction, reader, writer, want] of [
    ["backward", newS, oldS, c.expect.backward],
    ["forward", oldS, newS, c.expect.forward],
  ] as const) {
    const v = engine.compatibility(reader, writer);
    if ((v.length === 0) !== want) {
      const first = v[0];
      problems.push(`${direction}: expected ${want}, ours ${v.length === 0}${first ? ` (${first.rule} at ${first.path}: ${first.message})` : ""}`);
    }
  }
  return problems.length === 0 ? null : fail(problems.join("; "), false);
}

/** The two AsyncAPI sets, both at 100%. `file` is relative to the vectors folder, as `runSets` reads it. */
export const ASYNCAPI_SETS: readonly ConformanceSet[] = [
  {
    name: "asyncapi-diff",
    file: "asyncapi-diff/cases.json",
    kind: "pairs",
    threshold: "100% (of the fixtures with a verdict)",
    passes: (agree, cases) => agree === cases,
    select: (c) => (c as DiffCase).expect.breaking !== null,
    judge: (c) => judgeDiff(c as DiffCase),
  },
  {
    name: "asyncapi-own",
    file: relative(VECTORS, OWN_CASES),
    kind: "pairs",
    threshold: "100%",
    passes: (agree, cases) => agree === cases,
    judge: (c) => judgeOwn(c as OwnCase),
  },
];
