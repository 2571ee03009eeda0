/**
 * The conformance sets: which vector files feed which engine, how a case is judged, and each set's threshold.
 * Shapes of the vector files are described in `../shared/vectors/README.md`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkLevel, getFormat, isCompatibilityLevel, type ParsedSchema, type ResolvedReference } from "../src/index.js";
import { ASYNCAPI_SETS } from "./asyncapi-sets.js";
import { DOCUMENTED_SETS } from "./documented-sets.js";
import { isBufBuiltinCase, judgeBufCase, type BufCase } from "./buf-judge.js";

/** Root of the read-only peer vectors, beside the repository. */
export const VECTORS = fileURLToPath(new URL("../../../shared/vectors/", import.meta.url));

/** A pair case: old/new schema with the peer's verdicts (null = the peer does not say). */
export interface PairCase {
  id: string;
  format: string;
  old: unknown;
  new: unknown;
  expect: { backward: boolean | null; forward: boolean | null };
  old_dependencies?: Array<{ name: string; schema: unknown }>;
  new_dependencies?: Array<{ name: string; schema: unknown }>;
  /** Which peer API produced the verdict (apache-avro cases), e.g. Java `SchemaValidatorBuilder`. */
  mechanism?: string;
}

/** A history case: registry semantics over several earlier versions. */
interface HistoryCase {
  id: string;
  format: string;
  level: string;
  previous: unknown[];
  new: unknown;
  expect_compatible: boolean;
  old_format?: string;
  new_format?: string;
}

/** One case on which we and the peer differ. */
export interface Disagreement {
  readonly id: string;
  readonly detail: string;
  /** True when we refused a schema as invalid (rather than giving another verdict). */
  readonly refused: boolean;
}

/** The outcome of one set. */
export interface SetReport {
  readonly name: string;
  readonly cases: number;
  readonly agree: number;
  readonly disagree: readonly Disagreement[];
  readonly threshold: string;
  readonly passes: boolean;
}

/** A conformance set. `passes` decides the threshold from the counts. */
export interface ConformanceSet {
  readonly name: string;
  readonly file: string;
  readonly kind: "pairs" | "history";
  readonly threshold: string;
  passes(agree: number, cases: number, disagree: readonly Disagreement[]): boolean;
  /** Optional: only cases this accepts count (default: all). */
  readonly select?: (c: unknown) => boolean;
  /**
   * Optional: the `CompatibilityOptions.policy` the peer's verdicts follow (e.g. `compatibilityPolicy: KARAPACE`
   * for Karapace's JSON Schema conventions); default: the engines' defaults (Confluent's).
   */
  readonly policy?: Readonly<Record<string, string>>;
  /** Optional: judges a case instead of the `kind`'s judge. */
  readonly judge?: (c: unknown) => Promise<Disagreement | null>;
}

export const SETS: readonly ConformanceSet[] = [
  {
    name: "apache-avro",
    file: "apache-avro/cases.json",
    kind: "pairs",
    // The Avro spec forbids unnamed records; 5 Apache cases are built from them and may be refused as invalid.
    threshold: "100% (up to 5 refused: unnamed records)",
    passes: (agree, cases, d) => d.every((x) => x.refused && /name/i.test(x.detail)) && d.length <= 5 && agree + d.length === cases,
  },
  {
    name: "karapace-avro",
    file: "karapace/avro-cases.json",
    kind: "pairs",
    // As for apache-avro: a case whose schema the Avro spec forbids may be refused as invalid (Java and so
    // Confluent refuse it too); each such case is listed with its reason.
    threshold: "100% (spec-invalid schemas may be refused, listed)",
    passes: (agree, cases, d) => d.every((x) => x.refused) && agree + d.length === cases,
  },
  {
    name: "karapace-json",
    file: "karapace/json-schema-cases.json",
    kind: "pairs",
    // Karapace's conventions differ from Confluent's (our default): judged under the KARAPACE policy.
    policy: { compatibilityPolicy: "KARAPACE" },
    threshold: ">= 98% (KARAPACE policy)",
    passes: (agree, cases) => agree >= 0.98 * cases,
  },
  {
    name: "karapace-history",
    file: "karapace/history-cases.json",
    kind: "history",
    policy: { compatibilityPolicy: "KARAPACE" },
    threshold: "100%",
    passes: (agree, cases) => agree === cases,
  },
  {
    name: "karapace-protobuf",
    file: "karapace/protobuf-cases.json",
    kind: "pairs",
    // Karapace's conventions (field number changes breaking, package renames ignored): the KARAPACE policy.
    policy: { compatibilityPolicy: "KARAPACE" },
    // Karapace calls a package rename compatible; Confluent (our default policy) does not. One Karapace case
    // declares field number 0, which the language forbids: refusing it counts as agreeing (as apache-avro's
    // unnamed records do).
    threshold: ">= 95% (up to 1 refused: field number 0)",
    passes: (agree, cases, d) => agree + Math.min(1, d.filter((x) => x.refused && /field number 0/.test(x.detail)).length) >= 0.95 * cases,
  },
  {
    name: "buf",
    file: "buf/cases.json",
    kind: "pairs",
    // FILE, PACKAGE, WIRE and WIRE_JSON rules; the 3 cases that need buf check plugins or policies are left out.
    threshold: "100% of the cases without buf plugins",
    passes: (agree, cases) => agree === cases,
    select: (c) => isBufBuiltinCase(c as BufCase),
    judge: (c) => Promise.resolve(judgeBufCase(VECTORS, c as BufCase)),
  },
  ...ASYNCAPI_SETS,
  ...DOCUMENTED_SETS,
];

/** Schema text of a vector value: Avro/JSON schemas are stored parsed, Protobuf/AsyncAPI as text. */
function schemaText(format: string, value: unknown): string {
  return (format === "PROTOBUF" || format === "ASYNCAPI") && typeof value === "string" ? value : JSON.stringify(value);
}

async function parse(format: string, value: unknown, deps?: Array<{ name: string; schema: unknown }>): Promise<ParsedSchema | string> {
  const engine = getFormat(format);
  if (!engine) return `no engine for ${format}`;
  const references: ResolvedReference[] = (deps ?? []).map((d) => ({ name: d.name, schema: schemaText(format, d.schema) }));
  const result = await engine.parse(schemaText(format, value), { references });
  if (!result.ok) return `${result.error.code}: ${result.error.message}${result.error.path ? ` at ${result.error.path}` : ""}`;
  return result.value;
}

/** Judges a pair case both ways (under `policy` when given); a disagreement, or null when we agree. */
export async function judgePair(c: PairCase, policy?: Readonly<Record<string, string>>): Promise<Disagreement | null> {
  const engine = getFormat(c.format);
  const [oldS, newS] = [await parse(c.format, c.old, c.old_dependencies), await parse(c.format, c.new, c.new_dependencies)];
  const wantsAny = c.expect.backward !== null || c.expect.forward !== null;
  if (typeof oldS === "string" || typeof newS === "string" || !engine) {
    const why = typeof oldS === "string" ? `old refused: ${oldS}` : typeof newS === "string" ? `new refused: ${newS}` : "no engine";
    return wantsAny ? { id: c.id, detail: why, refused: true } : null;
  }
  const problems: string[] = [];
  // Java's SchemaValidatorBuilder (ValidateMutualRead) matches records by structure, not name: that verdict is
  // what our `recordNames: "ignore"` policy gives. Every other Avro verdict is Java SchemaCompatibility's, our default.
  const options = c.mechanism?.includes("ValidateMutualRead") ? { policy: { ...policy, recordNames: "ignore" } } : policy ? { policy } : undefined;
  if (c.expect.backward !== null) {
    const v = engine.compatibility(newS, oldS, options);
    if (v.length === 0 !== c.expect.backward) problems.push(`backward: peer ${c.expect.backward}, ours ${v.length === 0}${v[0] ? ` (${v[0].rule} at ${v[0].path}: ${v[0].message})` : ""}`);
  }
  if (c.expect.forward !== null) {
    const v = engine.compatibility(oldS, newS, options);
    if (v.length === 0 !== c.expect.forward) problems.push(`forward: peer ${c.expect.forward}, ours ${v.length === 0}${v[0] ? ` (${v[0].rule} at ${v[0].path}: ${v[0].message})` : ""}`);
  }
  return problems.length === 0 ? null : { id: c.id, detail: problems.join("; "), refused: false };
}

async function judgeHistory(c: HistoryCase, policy?: Readonly<Record<string, string>>): Promise<Disagreement | null> {
  // A "MIXED" case changes schema type: earlier versions in old_format, the new one in new_format.
  const oldFormat = c.old_format ?? c.format;
  const newFormat = c.new_format ?? c.format;
  const engine = getFormat(newFormat);
  if (!engine || !isCompatibilityLevel(c.level)) return { id: c.id, detail: `unsupported format/level ${newFormat} ${c.level}`, refused: true };
  // Soft-deleted versions (`previous_deleted`) take no part in compatibility, so they are not passed at all.
  const previous = [];
  for (const [i, p] of c.previous.entries()) {
    const s = await parse(oldFormat, p);
    if (typeof s === "string") return { id: c.id, detail: `previous ${i + 1} refused: ${s}`, refused: true };
    previous.push({ version: i + 1, schema: s });
  }
  const next = await parse(newFormat, c.new);
  if (typeof next === "string") return { id: c.id, detail: `new refused: ${next}`, refused: true };
  const verdict = checkLevel(engine, c.level, next, previous, policy ? { policy } : undefined);
  if (verdict.compatible === c.expect_compatible) return null;
  const first = verdict.violations[0];
  return { id: c.id, detail: `peer ${c.expect_compatible}, ours ${verdict.compatible}${first ? ` (${first.rule}: ${first.message})` : ""}`, refused: false };
}

/** Runs the given sets and returns one report each. Never throws for an engine error: a crash is a disagreement. */
export async function runSets(sets: readonly ConformanceSet[]): Promise<SetReport[]> {
  const reports: SetReport[] = [];
  for (const set of sets) {
    const all = JSON.parse(readFileSync(VECTORS + set.file, "utf8")) as Array<PairCase | HistoryCase>;
    const cases = set.select ? all.filter((c) => set.select!(c)) : all;
    const disagree: Disagreement[] = [];
    for (const c of cases) {
      let d: Disagreement | null;
      try {
        d = set.judge ? await set.judge(c) : set.kind === "pairs" ? await judgePair(c as PairCase, set.policy) : await judgeHistory(c as HistoryCase, set.policy);
      } catch (e) {
        d = { id: c.id, detail: `engine crashed: ${e instanceof Error ? e.message : String(e)}`, refused: false };
      }
      if (d) disagree.push(d);
    }
    const agree = cases.length - disagree.length;
    reports.push({ name: set.name, cases: cases.length, agree, disagree, threshold: set.threshold, passes: set.passes(agree, cases.length, disagree) });
  }
  return reports;
}
