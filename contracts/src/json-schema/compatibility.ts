import type { CompatibilityOptions, ParsedSchema, Violation } from "../format.js";
import { pointer, sortedJson, type JsonValue } from "../json-text.js";
import { withLines } from "../pointer-lines.js";
import { compileSafeRegExp, RegexInputTooLongError } from "../safe-regex.js";
import { maximumMatching } from "./bipartite-matching.js";
import { asJsonSchemaModel, type JsonSchemaDocument, type JsonSchemaModel } from "./model.js";
import { inUserTerms } from "./user-wording.js";
import { withHint } from "./rules.js";
import {
  combinatorOf,
  isSchemaObject,
  isTrivialSchema,
  kindOf,
  prepareSchema,
  splitCombinator,
  type RefScope,
  type Schema,
  type SchemaKind,
  type SchemaObject,
} from "./schema-node.js";

/**
 * Reader/writer compatibility of two JSON Schemas: the violations that stop `reader` from accepting every
 * document `writer` accepts (empty = compatible). BACKWARD = `compatibility(new, old)`.
 *
 * Semantics depend on the policy (`options.policy.compatibilityPolicy`, see {@link JsonSchemaPolicyName}):
 * STRICT (default) and LENIENT follow Confluent's `io.confluent.kafka.schemaregistry.json.diff.SchemaDiff`
 * (an unconstrained reader reads anything and an unconstrained writer is read only by one, defaults make newly
 * required properties compatible, combined types as `CombinedSchemaDiff`, open/closed/partially open content
 * models as `ObjectSchemaDiff`), with the difference types each policy counts as compatible dropped; KARAPACE
 * keeps Karapace's `jsonschema/checks.py` conventions (`{}` and `true` read as object schemas, value-set
 * inclusion for combinators, defaults ignored). Under every policy: where the peers miss a narrowing the
 * stricter value-set rule applies (newly required properties, `enum` on typed schemas, `uniqueItems`,
 * dependency direction, exclusive vs inclusive bounds compared as one bound); `not` is compared
 * contravariantly; local and cross-reference `$ref`s are followed, with a guard that assumes compatibility on
 * re-entering a pair already being compared (so recursive schemas terminate); `unevaluatedProperties` /
 * `unevaluatedItems` are read like their `additional*` counterparts. STRICT/LENIENT also compare `format`,
 * `propertyNames`, `contains`/`minContains`/`maxContains` and `if`/`then`/`else`, which neither peer does.
 * Not compared: `$dynamicRef`/`$recursiveRef`, content keywords.
 *
 * Each violation's `rule` is a Confluent JSON Schema `Difference.Type` name where Confluent has one (catalogue:
 * `rules.ts`, which also fills `hint`), its `path` a JSON Pointer into the reader schema (logical when the walk
 * followed a `$ref`), its `line` the reader text's line for that path (or its nearest ancestor's). Schemas from
 * another engine give one `TYPE_CHANGED` at "".
 */
export function jsonSchemaCompatibility(reader: ParsedSchema, writer: ParsedSchema, options?: CompatibilityOptions): readonly Violation[] {
  const r = asJsonSchemaModel(reader.model);
  const w = asJsonSchemaModel(writer.model);
  if (!r || !w) return [{ rule: "TYPE_CHANGED", path: "", message: `cannot compare a ${reader.type} schema with a ${writer.type} schema` }];
  const policy = jsonSchemaPolicy(options);
  let violations: Violation[];
  try {
    violations = new Walk(r, w, policy).compare(r.main.root, w.main.root, "", r.main, w.main);
  } catch (e) {
    if (!(e instanceof TooComplex)) throw e;
    violations = [{ rule: "COMPATIBILITY_CHECK_TOO_COMPLEX", path: "", message: `the comparison needed more than ${MAX_STEPS} steps; not proven compatible` }];
  }
  const hinted = violations.map(withHint);
  // The walk words changes from writer to reader: the user's own direction only when the reader is the new schema.
  return withLines(reader.text, options?.readerIs === "old" ? hinted.map(inUserTerms) : hinted);
}

/**
 * The JSON Schema compatibility policies (`CompatibilityOptions.policy.compatibilityPolicy`, case-insensitive;
 * Confluent's subject config field of that name):
 * - `STRICT` (default): Confluent's `SchemaDiff.COMPATIBLE_CHANGES_STRICT` — a change is compatible when every
 *   `Difference.Type` it makes is in that set, with Confluent's conventions (an unconstrained reader reads
 *   anything, a default makes a newly required property compatible, combined types as `CombinedSchemaDiff`).
 * - `LENIENT`: Confluent's `COMPATIBLE_CHANGES_LENIENT` — STRICT plus properties added to or removed from
 *   open content models, properties not covered by a partially open model, narrowed or removed
 *   `additionalProperties`.
 * - `KARAPACE`: Karapace's `jsonschema/checks.py` conventions (Charter's verdicts before issue 11): `{}` and
 *   `true` read as object schemas, defaults ignored, combined types by value-set inclusion.
 * Unknown values fall back to `STRICT`.
 */
export type JsonSchemaPolicyName = "STRICT" | "LENIENT" | "KARAPACE";

/** A resolved {@link JsonSchemaPolicyName}: the conventions the walk follows and the rules it lets pass. */
export interface JsonSchemaPolicy {
  readonly name: JsonSchemaPolicyName;
  readonly convention: "confluent" | "karapace";
  /** `Difference.Type` names that are compatible changes under this policy. */
  readonly compatible: ReadonlySet<string>;
}

/**
 * Confluent `SchemaDiff.COMPATIBLE_CHANGES_STRICT`: the difference types that are compatible changes. The walk
 * reports only differences that narrow what the reader accepts, so most of these never reach a verdict; they
 * are listed so the rule catalogue (and docs/compatibility.md) says what each policy accepts.
 */
export const COMPATIBLE_CHANGES_STRICT: ReadonlySet<string> = new Set([
  "ID_CHANGED", "DESCRIPTION_CHANGED", "TITLE_CHANGED", "DEFAULT_CHANGED", "SCHEMA_REMOVED", "TYPE_EXTENDED",
  "MAX_LENGTH_INCREASED", "MAX_LENGTH_REMOVED", "MIN_LENGTH_DECREASED", "MIN_LENGTH_REMOVED", "PATTERN_REMOVED",
  "MAXIMUM_INCREASED", "MAXIMUM_REMOVED", "MINIMUM_DECREASED", "MINIMUM_REMOVED", "EXCLUSIVE_MAXIMUM_INCREASED",
  "EXCLUSIVE_MAXIMUM_REMOVED", "EXCLUSIVE_MINIMUM_DECREASED", "EXCLUSIVE_MINIMUM_REMOVED", "MULTIPLE_OF_REDUCED",
  "MULTIPLE_OF_REMOVED", "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED", "REQUIRED_ATTRIBUTE_REMOVED", "DEPENDENCY_ARRAY_NARROWED",
  "DEPENDENCY_ARRAY_REMOVED", "DEPENDENCY_SCHEMA_REMOVED", "MAX_PROPERTIES_INCREASED", "MAX_PROPERTIES_REMOVED",
  "MIN_PROPERTIES_DECREASED", "MIN_PROPERTIES_REMOVED", "ADDITIONAL_PROPERTIES_ADDED", "ADDITIONAL_PROPERTIES_EXTENDED",
  "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL",
  "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
  "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
  "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "MAX_ITEMS_INCREASED", "MAX_ITEMS_REMOVED",
  "MIN_ITEMS_DECREASED", "MIN_ITEMS_REMOVED", "UNIQUE_ITEMS_REMOVED", "ADDITIONAL_ITEMS_ADDED", "ADDITIONAL_ITEMS_EXTENDED",
  "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL",
  "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL",
  "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
  "ENUM_ARRAY_EXTENDED", "COMBINED_TYPE_EXTENDED", "PRODUCT_TYPE_NARROWED", "SUM_TYPE_EXTENDED", "NOT_TYPE_NARROWED",
]);

/** Confluent `SchemaDiff.COMPATIBLE_CHANGES_LENIENT`: STRICT plus these. */
export const LENIENT_ADDITIONS: readonly string[] = [
  "ADDITIONAL_PROPERTIES_NARROWED",
  "ADDITIONAL_PROPERTIES_REMOVED",
  "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
  "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL",
  "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
  "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
];

const COMPATIBLE_CHANGES_LENIENT: ReadonlySet<string> = new Set([...COMPATIBLE_CHANGES_STRICT, ...LENIENT_ADDITIONS]);

/** Reads the {@link JsonSchemaPolicy} from `options.policy.compatibilityPolicy`; unknown or absent: STRICT. */
export function jsonSchemaPolicy(options?: CompatibilityOptions): JsonSchemaPolicy {
  const raw = options?.policy?.["compatibilityPolicy"];
  const name = typeof raw === "string" ? raw.toUpperCase() : "STRICT";
  if (name === "LENIENT") return { name, convention: "confluent", compatible: COMPATIBLE_CHANGES_LENIENT };
  if (name === "KARAPACE") return { name, convention: "karapace", compatible: new Set() };
  return { name: "STRICT", convention: "confluent", compatible: COMPATIBLE_CHANGES_STRICT };
}

/**
 * Most schema pairs one check compares (memoized pairs count once) before it gives up with
 * COMPATIBILITY_CHECK_TOO_COMPLEX: a bound on work for hostile or pathological schemas.
 */
const MAX_STEPS = 100_000;

class TooComplex extends Error {}

/** `violations` with paths (and their causes') relative to `base`, or made absolute again under `base`. */
function relativeTo(base: string, violations: readonly Violation[]): Violation[] {
  return violations.map((v) => ({ ...v, path: v.path.startsWith(base) ? v.path.slice(base.length) : v.path, ...(v.causes ? { causes: relativeTo(base, v.causes) } : {}) }));
}

function under(base: string, violations: readonly Violation[]): Violation[] {
  return violations.map((v) => ({ ...v, path: base + v.path, ...(v.causes ? { causes: under(base, v.causes) } : {}) }));
}

/** Deepest nesting the walk follows before giving up on a branch (a backstop; the pair guard ends recursion). */
const MAX_DEPTH = 512;

class Walk {
  private readonly readerScope: RefScope;
  private readonly writerScope: RefScope;
  /** Pairs (reader node, writer node) being compared right now: re-entry means recursion, assumed compatible. */
  private readonly active = new Map<JsonValue, Set<JsonValue>>();
  /** Finished pairs' violations, paths relative to the pair (shared `$ref` targets are compared once). */
  private readonly memo = new Map<JsonValue, Map<JsonValue, readonly Violation[]>>();
  private depth = 0;
  private steps = 0;

  /** Confluent's conventions (STRICT/LENIENT) rather than Karapace's. */
  private readonly confluent: boolean;

  constructor(
    reader: JsonSchemaModel,
    writer: JsonSchemaModel,
    private readonly policy: JsonSchemaPolicy,
  ) {
    this.readerScope = { main: reader.main, references: reader.references };
    this.writerScope = { main: writer.main, references: writer.references };
    this.confluent = policy.convention === "confluent";
  }

  compare(readerNode: JsonValue, writerNode: JsonValue, path: string, readerDoc: JsonSchemaDocument, writerDoc: JsonSchemaDocument): Violation[] {
    const r = prepareSchema(readerNode, readerDoc, this.scopeOf(readerDoc));
    const w = prepareSchema(writerNode, writerDoc, this.scopeOf(writerDoc));
    const guardable = typeof r.identity === "object" && r.identity !== null && typeof w.identity === "object" && w.identity !== null;
    if (guardable && this.active.get(r.identity)?.has(w.identity)) return [];
    const known = guardable ? this.memo.get(r.identity)?.get(w.identity) : undefined;
    if (known) return under(path, known);
    if (++this.steps > MAX_STEPS) throw new TooComplex();
    if (this.depth >= MAX_DEPTH) return [{ rule: "SCHEMA_TOO_DEEP", path, message: `schemas nest deeper than ${MAX_DEPTH} levels; not compared further` }];
    let set: Set<JsonValue> | undefined;
    if (guardable) {
      set = this.active.get(r.identity) ?? new Set();
      this.active.set(r.identity, set);
      set.add(w.identity);
    }
    this.depth++;
    try {
      // Differences the policy counts as compatible changes are dropped here, so every caller (combinators,
      // partially open content models) sees the policy's verdict.
      const result = this.compareSchemas(new Side(r.schema, r.doc), new Side(w.schema, w.doc), path).filter((v) => !this.policy.compatible.has(v.rule));
      if (guardable) {
        let byWriter = this.memo.get(r.identity);
        if (!byWriter) this.memo.set(r.identity, (byWriter = new Map()));
        byWriter.set(w.identity, relativeTo(path, result));
      }
      return result;
    } finally {
      this.depth--;
      set?.delete(w.identity);
    }
  }

  /** The documents a `$ref` in `doc` may reach: its own model's (`not` compares the two models swapped). */
  private scopeOf(doc: JsonSchemaDocument): RefScope {
    const inReader = doc === this.readerScope.main || this.readerScope.references.includes(doc);
    return inReader ? this.readerScope : this.writerScope;
  }

  private compareSchemas(r: Side, w: Side, path: string): Violation[] {
    // Confluent: a reader without constraints (`{}`, `true`, annotations only) reads anything, and a writer
    // `false` writes nothing (SchemaDiff: `original instanceof FalseSchema || update instanceof EmptySchema`).
    if (this.confluent && (isUnconstrained(r.schema) || w.schema === false)) return [];
    // …and an unconstrained writer (`{}`, `true`) is not read by a constrained reader: Confluent's EmptySchema
    // original against any other schema class is TYPE_CHANGED (Karapace reads `{}` as an object schema).
    if (this.confluent && isUnconstrained(w.schema)) return [{ rule: "TYPE_CHANGED", path, message: "the writer's schema accepts any value; the reader's is constrained" }];
    // A combinator beside other keywords is the conjunction of both (Karapace reads only the combinator).
    const rSplit = r.isObject ? splitCombinator(r.obj) : undefined;
    if (rSplit) {
      // The reader's siblings and its combinator must each read the writer.
      return [...this.compareSchemas(new Side(rSplit.siblings, r.doc), w, path), ...this.compareSchemas(new Side(rSplit.combinator, r.doc), w, path)];
    }
    const wSplit = w.isObject ? splitCombinator(w.obj) : undefined;
    if (wSplit) {
      // The writer writes values satisfying both parts: enough that the reader reads one of them.
      const bySiblings = this.compareSchemas(r, new Side(wSplit.siblings, w.doc), path);
      if (bySiblings.length === 0) return [];
      return this.compareSchemas(r, new Side(wSplit.combinator, w.doc), path).length === 0 ? [] : bySiblings;
    }
    const rk = kindOf(r.schema);
    const wk = kindOf(w.schema);
    const numeric = (k: SchemaKind) => k === "number" || k === "integer";
    const combined = (k: SchemaKind) => k === "allOf" || k === "anyOf" || k === "oneOf";
    const objectLike = (s: Schema, k: SchemaKind) => k === "object" || s === true;

    if (numeric(rk) && numeric(wk)) return [...this.numeric(r.obj, w.obj, rk, wk, path), ...this.enumeration(r.obj, w.obj, path)];
    if (combined(rk) || combined(wk)) return this.combinators(r, w, rk, wk, path);
    if (objectLike(r.schema, rk) && objectLike(w.schema, wk)) return this.object(r.asObject(), w.asObject(), path);
    if (rk !== wk) return [typeChanged(path, rk, wk)];
    switch (rk) {
      case "boolean-schema":
        // Karapace: two boolean schemas are always compatible (even reader `false`, writer `true`).
        return [];
      case "not":
        return this.not(r, w, path);
      case "string":
        return [...this.string(r.obj, w.obj, path), ...this.format(r.obj, w.obj, path), ...this.enumeration(r.obj, w.obj, path)];
      case "array":
        return [...this.array(r, w, path), ...this.enumeration(r.obj, w.obj, path)];
      case "enum":
        return this.enumeration(r.obj, w.obj, path);
      default:
        // null, boolean: nothing to narrow but an enum.
        return this.enumeration(r.obj, w.obj, path);
    }
  }

  /** `not`: the reader accepts what its subschema rejects, so the writer's subschema must read the reader's. */
  private not(r: Side, w: Side, path: string): Violation[] {
    const causes = this.compare(w.obj["not"] as JsonValue, r.obj["not"] as JsonValue, pointer(path, "not"), w.doc, r.doc);
    if (causes.length === 0) return [];
    return [{ rule: "NOT_TYPE_EXTENDED", path: pointer(path, "not"), message: "the reader's `not` now excludes values the writer's `not` allowed", causes }];
  }

  private numeric(r: SchemaObject, w: SchemaObject, rk: SchemaKind, wk: SchemaKind, path: string): Violation[] {
    const out: Violation[] = [];
    const upper = (s: SchemaObject) => bound(s, "maximum", "exclusiveMaximum", Math.min);
    const lower = (s: SchemaObject) => bound(s, "minimum", "exclusiveMinimum", Math.max);
    const ru = upper(r);
    const wu = upper(w);
    if (ru) {
      const keyword = ru.exclusive ? "exclusiveMaximum" : "maximum";
      const rule = ru.exclusive ? "EXCLUSIVE_MAXIMUM" : "MAXIMUM";
      if (!wu) out.push({ rule: `${rule}_ADDED`, path: pointer(path, keyword), message: `${keyword} ${ru.value} added: larger values were valid` });
      else if (ru.value < wu.value || (ru.value === wu.value && ru.exclusive && !wu.exclusive)) {
        out.push({ rule: `${rule}_DECREASED`, path: pointer(path, keyword), message: `upper bound narrowed from ${describeBound(wu, "<")} to ${describeBound(ru, "<")}` });
      }
    }
    const rl = lower(r);
    const wl = lower(w);
    if (rl) {
      const keyword = rl.exclusive ? "exclusiveMinimum" : "minimum";
      const rule = rl.exclusive ? "EXCLUSIVE_MINIMUM" : "MINIMUM";
      if (!wl) out.push({ rule: `${rule}_ADDED`, path: pointer(path, keyword), message: `${keyword} ${rl.value} added: smaller values were valid` });
      else if (rl.value > wl.value || (rl.value === wl.value && rl.exclusive && !wl.exclusive)) {
        out.push({ rule: `${rule}_INCREASED`, path: pointer(path, keyword), message: `lower bound narrowed from ${describeBound(wl, ">")} to ${describeBound(rl, ">")}` });
      }
    }
    const rm = positive(r["multipleOf"]);
    const wm = positive(w["multipleOf"]);
    const mPath = pointer(path, "multipleOf");
    if (rm !== undefined) {
      // Every writer value is a multiple of wm (or an integer); the reader needs multiples of rm.
      const writerStep = wm ?? (wk === "integer" ? 1 : undefined);
      if (writerStep === undefined) out.push({ rule: "MULTIPLE_OF_ADDED", path: mPath, message: `multipleOf ${rm} added` });
      else if (!isMultiple(writerStep, rm)) {
        const rule = wm !== undefined && rm > wm ? "MULTIPLE_OF_EXPANDED" : "MULTIPLE_OF_CHANGED";
        out.push({ rule, path: mPath, message: `multipleOf ${rm} does not divide the writer's ${writerStep}` });
      }
    }
    if (rk === "integer" && wk === "number" && !(wm !== undefined && Number.isInteger(wm))) {
      out.push({ rule: "TYPE_NARROWED", path: pointer(path, "type"), message: "the reader accepts only integers; the writer writes any number" });
    }
    return out;
  }

  private string(r: SchemaObject, w: SchemaObject, path: string): Violation[] {
    const out: Violation[] = [];
    const rMax = count(r["maxLength"]);
    const wMax = count(w["maxLength"]);
    if (rMax !== undefined) {
      if (wMax === undefined) out.push({ rule: "MAX_LENGTH_ADDED", path: pointer(path, "maxLength"), message: `maxLength ${rMax} added` });
      else if (rMax < wMax) out.push({ rule: "MAX_LENGTH_DECREASED", path: pointer(path, "maxLength"), message: `maxLength decreased from ${wMax} to ${rMax}` });
    }
    const rMin = count(r["minLength"]) ?? 0;
    const wMin = count(w["minLength"]) ?? 0;
    if (rMin > wMin) {
      const rule = w["minLength"] === undefined ? "MIN_LENGTH_ADDED" : "MIN_LENGTH_INCREASED";
      out.push({ rule, path: pointer(path, "minLength"), message: `minLength increased from ${wMin} to ${rMin}` });
    }
    const rPattern = r["pattern"];
    const wPattern = w["pattern"];
    if (typeof rPattern === "string") {
      // Regex inclusion is undecidable in general: any different pattern is a change (Karapace, Confluent).
      if (typeof wPattern !== "string") out.push({ rule: "PATTERN_ADDED", path: pointer(path, "pattern"), message: `pattern ${rPattern} added` });
      else if (rPattern !== wPattern) out.push({ rule: "PATTERN_CHANGED", path: pointer(path, "pattern"), message: `pattern changed from ${wPattern} to ${rPattern}` });
    }
    return out;
  }

  /**
   * `format` (STRICT/LENIENT; Karapace does not compare it): a format the writer did not have narrows what the
   * reader accepts (FORMAT_ADDED), a different one is FORMAT_CHANGED; removing one widens.
   */
  private format(r: SchemaObject, w: SchemaObject, path: string): Violation[] {
    if (!this.confluent || typeof r["format"] !== "string") return [];
    const at = pointer(path, "format");
    if (typeof w["format"] !== "string") return [{ rule: "FORMAT_ADDED", path: at, message: `format ${r["format"]} added: values of other formats were valid` }];
    if (w["format"] !== r["format"]) return [{ rule: "FORMAT_CHANGED", path: at, message: `format changed from ${w["format"]} to ${r["format"]}` }];
    return [];
  }

  /**
   * Keywords Karapace (and Confluent's SchemaDiff) do not compare, compared under STRICT/LENIENT as narrowings
   * of the reader: `propertyNames` and `contains` covariantly (a reader constraint the writer lacked, or one
   * that does not read the writer's); `if`/`then`/`else` must stay equal (their effect is conditional, so
   * any change is reported as CONDITIONAL_CHANGED). `minContains`/`maxContains` as size bounds.
   */
  private applicators(r: Side, w: Side, path: string): Violation[] {
    if (!this.confluent) return [];
    const out: Violation[] = [];
    for (const [keyword, rule] of [
      ["propertyNames", "PROPERTY_NAMES"],
      ["contains", "CONTAINS"],
    ] as const) {
      const rv = r.obj[keyword];
      const wv = w.obj[keyword];
      if (rv === undefined || isTrivialSchema(rv) || (keyword === "propertyNames" && acceptsEveryName(rv))) continue;
      const at = pointer(path, keyword);
      if (wv === undefined || isTrivialSchema(wv)) out.push({ rule: `${rule}_ADDED`, path: at, message: `${keyword} added: values it rejects were valid` });
      else {
        // Property names are strings: an untyped propertyNames schema is read as a string schema.
        const asString = (v: JsonValue): JsonValue => (keyword === "propertyNames" && isSchemaObject(v) && v["type"] === undefined ? { type: "string", ...v } : v);
        const causes = this.compare(asString(rv), asString(wv), at, r.doc, w.doc);
        if (causes.length > 0) out.push({ rule: `${rule}_NARROWED`, path: at, message: `${keyword} no longer accepts everything the writer's did`, causes });
      }
    }
    const rMinC = count(r.obj["minContains"]) ?? (r.obj["contains"] !== undefined ? 1 : 0);
    const wMinC = count(w.obj["minContains"]) ?? (w.obj["contains"] !== undefined ? 1 : 0);
    if (r.obj["contains"] !== undefined && w.obj["contains"] !== undefined && rMinC > wMinC) out.push({ rule: "MIN_CONTAINS_INCREASED", path: pointer(path, "minContains"), message: `minContains increased from ${wMinC} to ${rMinC}` });
    const rMaxC = count(r.obj["maxContains"]);
    const wMaxC = count(w.obj["maxContains"]);
    if (rMaxC !== undefined && (wMaxC === undefined || rMaxC < wMaxC)) out.push({ rule: "MAX_CONTAINS_DECREASED", path: pointer(path, "maxContains"), message: `maxContains ${rMaxC} is tighter than the writer's ${wMaxC ?? "none"}` });
    const conditional = (o: SchemaObject) => sortedJson({ if: o["if"] ?? null, then: o["then"] ?? null, else: o["else"] ?? null });
    if (r.obj["if"] !== undefined && conditional(r.obj) !== conditional(w.obj)) {
      out.push({ rule: "CONDITIONAL_CHANGED", path: pointer(path, "if"), message: "if/then/else changed: values the writer wrote may now fail its conditions" });
    }
    return out;
  }

  private array(r: Side, w: Side, path: string): Violation[] {
    const out: Violation[] = [];
    const ro = r.obj;
    const wo = w.obj;
    const rItems = ro["items"];
    const wItems = wo["items"];
    const rTuple = Array.isArray(rItems);
    const wTuple = Array.isArray(wItems);
    if (rTuple !== wTuple) return [{ rule: "TYPE_CHANGED", path: pointer(path, "items"), message: rTuple ? "the reader expects a tuple; the writer writes a list" : "the reader expects a list; the writer writes a tuple" }];
    const rExtra = ro["additionalItems"];
    const wExtra = wo["additionalItems"];
    const itemsPath = pointer(path, "items");
    if (Array.isArray(rItems) && Array.isArray(wItems)) {
      const shared = Math.min(rItems.length, wItems.length);
      for (let i = 0; i < shared; i++) out.push(...this.compare(rItems[i] as JsonValue, wItems[i] as JsonValue, pointer(itemsPath, i), r.doc, w.doc));
      // Writer positions the reader has no item schema for fall to the reader's additionalItems.
      for (let i = shared; i < wItems.length; i++) {
        if (rExtra === undefined || isTrivialSchema(rExtra)) break;
        if (rExtra === false) {
          out.push({ rule: "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL", path: pointer(path, "additionalItems"), message: `items from index ${i} are no longer allowed` });
          break;
        }
        const causes = this.compare(rExtra, wItems[i] as JsonValue, pointer(path, "additionalItems"), r.doc, w.doc);
        if (causes.length > 0) out.push({ rule: "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", path: pointer(path, "additionalItems"), message: `item ${i} does not match the reader's additionalItems`, causes });
      }
      // Reader positions the writer has no item schema for: the writer wrote anything its additionalItems allow.
      for (let i = shared; i < rItems.length; i++) {
        if (wExtra === false) break; // the writer never writes that many items
        const itemPath = pointer(itemsPath, i);
        if (wExtra === undefined || wExtra === true) {
          out.push({ rule: "ITEM_ADDED_TO_OPEN_CONTENT_MODEL", path: itemPath, message: `item ${i} is now constrained; the writer allowed any value there` });
          continue;
        }
        const causes = this.compare(rItems[i] as JsonValue, wExtra, itemPath, r.doc, w.doc);
        if (causes.length > 0) out.push({ rule: "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", path: itemPath, message: `item ${i} does not accept the writer's additionalItems`, causes });
      }
      if (rExtra === false && wExtra !== false && rItems.length >= wItems.length) {
        out.push({ rule: "ADDITIONAL_ITEMS_REMOVED", path: pointer(path, "additionalItems"), message: "additional items are no longer allowed" });
      } else if (rExtra !== undefined && rExtra !== false && !isTrivialSchema(rExtra) && wExtra !== false) {
        if (wExtra === undefined || isTrivialSchema(wExtra)) out.push({ rule: "ADDITIONAL_ITEMS_NARROWED", path: pointer(path, "additionalItems"), message: "additional items are now constrained" });
        else out.push(...this.compare(rExtra, wExtra, pointer(path, "additionalItems"), r.doc, w.doc));
      }
    } else if (rItems !== undefined && !isTrivialSchema(rItems)) {
      if (wItems === undefined) out.push({ rule: "ITEMS_ADDED", path: itemsPath, message: "items are now constrained; the writer allowed any item" });
      else out.push(...this.compare(rItems, wItems, itemsPath, r.doc, w.doc));
    }
    const writerTupleClosed = Array.isArray(wItems) && wExtra === false && Array.isArray(rItems) && rItems.length >= wItems.length;
    if (!writerTupleClosed) out.push(...this.unevaluated(r, w, path, "unevaluatedItems", "UNEVALUATED_ITEMS"));
    out.push(...sizeChecks(ro, wo, path, "maxItems", "minItems", "ITEMS"));
    if (ro["uniqueItems"] === true && wo["uniqueItems"] !== true) out.push({ rule: "UNIQUE_ITEMS_ADDED", path: pointer(path, "uniqueItems"), message: "items must now be unique" });
    out.push(...this.applicators(r, w, path));
    return out;
  }

  private object(r: Side, w: Side, path: string): Violation[] {
    const out: Violation[] = [];
    const ro = r.obj;
    const wo = w.obj;
    const propsPath = pointer(path, "properties");
    const rProps = isSchemaObject(ro["properties"]) ? ro["properties"] : {};
    const wProps = isSchemaObject(wo["properties"]) ? wo["properties"] : {};
    const rRequired = stringSet(ro["required"]);
    const wRequired = stringSet(wo["required"]);
    const readerOnly = Object.keys(rProps).filter((p) => !Object.hasOwn(wProps, p));
    const writerOnly = Object.keys(wProps).filter((p) => !Object.hasOwn(rProps, p));

    for (const name of Object.keys(rProps)) {
      if (!Object.hasOwn(wProps, name)) continue;
      out.push(...this.compare(rProps[name] as JsonValue, wProps[name] as JsonValue, pointer(propsPath, name), r.doc, w.doc));
    }
    if (this.confluent) out.push(...this.confluentProperties(r, w, path, readerOnly, writerOnly));
    else {
      // A property the reader requires that the writer did not require (and that is not new: new ones below).
      for (const name of rRequired) {
        if (wRequired.has(name) || readerOnly.includes(name)) continue;
        out.push({ rule: "REQUIRED_ATTRIBUTE_ADDED", path: pointer(path, "required"), message: `property ${name} became required` });
      }

      if (writerOnly.length > 0 && !isOpenContentModel(ro)) {
        // Properties the writer declares and the reader does not: the reader's patternProperties or
        // additionalProperties must take them.
        for (const name of writerOnly) {
          const cover = partialSchema(ro, name, path);
          if (cover === undefined) continue; // not closed for this name: any value is accepted
          if (cover !== false && "unsafe" in cover) {
            out.push(unsafePattern(cover.unsafe, cover.path, name));
            continue;
          }
          if (cover === false) {
            out.push({ rule: "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", path: pointer(propsPath, name), message: `property ${name} is no longer accepted` });
            continue;
          }
          const causes = this.compare(cover.schema, wProps[name] as JsonValue, cover.path, r.doc, w.doc);
          if (causes.length > 0) out.push({ rule: "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", path: cover.path, message: `property ${name} is not accepted by the reader's ${cover.keyword}`, causes });
        }
      } else if (readerOnly.length > 0) {
        if (isOpenContentModel(wo)) {
          // Karapace's convention: the writer's open model may have written these names with any value.
          out.push({
            rule: "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
            path: propsPath,
            message: `properties ${readerOnly.join(", ")} are now constrained; the writer's open content model allowed any value for them`,
          });
        } else {
          for (const name of readerOnly) {
            const cover = partialSchema(wo, name, path);
            if (cover !== undefined && cover !== false && "unsafe" in cover) out.push(unsafePattern(cover.unsafe, pointer(propsPath, name), name));
            else if (cover !== undefined && cover !== false) {
              const causes = this.compare(rProps[name] as JsonValue, cover.schema, pointer(propsPath, name), r.doc, w.doc);
              if (causes.length > 0) out.push({ rule: "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", path: pointer(propsPath, name), message: `property ${name} does not accept what the writer's ${cover.keyword} allowed`, causes });
            }
          }
        }
      }
      for (const name of readerOnly) {
        if (!rRequired.has(name) || wRequired.has(name)) continue;
        out.push({ rule: "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", path: pointer(propsPath, name), message: `property ${name} was added as required; the writer did not write it` });
      }
    }
    out.push(...this.dependencies(r, w, path));
    out.push(...sizeChecks(ro, wo, path, "maxProperties", "minProperties", "PROPERTIES"));
    out.push(...this.additionalProperties(r, w, path));
    out.push(...this.patternProperties(r, w, path));
    // 2019-09+: a writer that is closed and declares only what the reader declares writes no unevaluated property.
    const writerDeclaresOnlyReaders = wo["additionalProperties"] === false && writerOnly.length === 0 && !isSchemaObject(wo["patternProperties"]);
    if (!writerDeclaresOnlyReaders) out.push(...this.unevaluated(r, w, path, "unevaluatedProperties", "UNEVALUATED_PROPERTIES"));
    out.push(...this.applicators(r, w, path));
    out.push(...this.enumeration(ro, wo, path));
    return out;
  }

  /**
   * Added, removed and newly required properties as Confluent's `ObjectSchemaDiff` (compareRequired,
   * compareProperties): a property added to an open writer is PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL (compatible
   * under LENIENT; with an empty schema always), one added to a closed or partially open writer must be
   * covered by what the writer allowed there and is compatible when optional or required with a `default`;
   * a property removed from a closed reader is compatible when the writer's schema for it was `false` or the
   * reader's partially open model covers it; a property both declare that becomes required is compatible
   * with a `default`.
   */
  private confluentProperties(r: Side, w: Side, path: string, readerOnly: readonly string[], writerOnly: readonly string[]): Violation[] {
    const out: Violation[] = [];
    const ro = r.obj;
    const wo = w.obj;
    const propsPath = pointer(path, "properties");
    const rProps = isSchemaObject(ro["properties"]) ? ro["properties"] : {};
    const wProps = isSchemaObject(wo["properties"]) ? wo["properties"] : {};
    const rRequired = stringSet(ro["required"]);
    const wRequired = stringSet(wo["required"]);
    const hasDefault = (s: JsonValue | undefined) => isSchemaObject(s) && s["default"] !== undefined;
    for (const name of rRequired) {
      if (wRequired.has(name) || !Object.hasOwn(rProps, name) || !Object.hasOwn(wProps, name)) continue;
      const rule = hasDefault(rProps[name]) ? "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED" : "REQUIRED_ATTRIBUTE_ADDED";
      out.push({ rule, path: pointer(path, "required"), message: `property ${name} became required` });
    }
    if (!isOpenContentModel(ro)) {
      for (const name of writerOnly) {
        const cover = partialSchema(ro, name, path);
        if (cover === undefined) continue;
        if (cover !== false && "unsafe" in cover) {
          out.push(unsafePattern(cover.unsafe, cover.path, name));
          continue;
        }
        if (cover === false) {
          if (wProps[name] !== false) out.push({ rule: "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", path: pointer(propsPath, name), message: `property ${name} is no longer accepted` });
          continue;
        }
        const causes = this.compare(cover.schema, wProps[name] as JsonValue, cover.path, r.doc, w.doc);
        if (causes.length > 0) out.push({ rule: "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", path: cover.path, message: `property ${name} is not accepted by the reader's ${cover.keyword}`, causes });
      }
    }
    const writerOpen = isOpenContentModel(wo);
    for (const name of readerOnly) {
      const at = pointer(propsPath, name);
      if (writerOpen) {
        if (!isTrivialSchema(rProps[name])) out.push({ rule: "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", path: at, message: `property ${name} is now constrained; the writer's open content model allowed any value for it` });
        // Confluent reports nothing more here, so its LENIENT accepts a new *required* property over an open
        // writer, which old data without it fails. Charter keeps that breaking under every policy (the
        // property became required: REQUIRED_ATTRIBUTE_ADDED; see docs/compatibility.md, known differences).
        if (rRequired.has(name) && !wRequired.has(name) && !hasDefault(rProps[name])) {
          out.push({ rule: "REQUIRED_ATTRIBUTE_ADDED", path: pointer(path, "required"), message: `property ${name} was added as required; the writer did not write it` });
        }
        continue;
      }
      const cover = partialSchema(wo, name, path);
      if (cover !== undefined && cover !== false && "unsafe" in cover) out.push(unsafePattern(cover.unsafe, at, name));
      else if (cover !== undefined && cover !== false) {
        const causes = this.compare(rProps[name] as JsonValue, cover.schema, at, r.doc, w.doc);
        if (causes.length > 0) out.push({ rule: "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", path: at, message: `property ${name} does not accept what the writer's ${cover.keyword} allowed`, causes });
      }
      if (rRequired.has(name) && !hasDefault(rProps[name])) {
        out.push({ rule: "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", path: at, message: `property ${name} was added as required; the writer did not write it` });
      }
    }
    return out;
  }

  private additionalProperties(r: Side, w: Side, path: string): Violation[] {
    const rAP = r.obj["additionalProperties"];
    const wAP = w.obj["additionalProperties"];
    const apPath = pointer(path, "additionalProperties");
    if (rAP === undefined || isTrivialSchema(rAP) || wAP === false) return [];
    if (rAP === false) return [{ rule: "ADDITIONAL_PROPERTIES_REMOVED", path: apPath, message: "additional properties are no longer allowed" }];
    if (wAP === undefined || isTrivialSchema(wAP)) return [{ rule: "ADDITIONAL_PROPERTIES_NARROWED", path: apPath, message: "additional properties are now constrained" }];
    return this.compare(rAP, wAP, apPath, r.doc, w.doc);
  }

  /**
   * `unevaluatedProperties`/`unevaluatedItems` (2019-09+), approximated like additionalProperties: a reader
   * that closes (`false`) or constrains what its other keywords did not evaluate narrows a writer that did not.
   */
  private unevaluated(r: Side, w: Side, path: string, keyword: string, rule: string): Violation[] {
    const ru = r.obj[keyword];
    const wu = w.obj[keyword];
    if (ru === undefined || isTrivialSchema(ru) || wu === false) return [];
    const at = pointer(path, keyword);
    if (ru === false) return [{ rule: `${rule}_REMOVED`, path: at, message: `${keyword} are no longer allowed` }];
    if (wu === undefined || isTrivialSchema(wu)) return [{ rule: `${rule}_NARROWED`, path: at, message: `${keyword} are now constrained` }];
    return this.compare(ru, wu, at, r.doc, w.doc);
  }

  /** patternProperties both sides declare with the same pattern must be compatible. */
  private patternProperties(r: Side, w: Side, path: string): Violation[] {
    const rp = r.obj["patternProperties"];
    const wp = w.obj["patternProperties"];
    if (!isSchemaObject(rp) || !isSchemaObject(wp)) return [];
    const out: Violation[] = [];
    for (const pattern of Object.keys(rp)) {
      if (Object.hasOwn(wp, pattern)) out.push(...this.compare(rp[pattern] as JsonValue, wp[pattern] as JsonValue, pointer(path, "patternProperties", pattern), r.doc, w.doc));
    }
    return out;
  }

  /** Draft-7 `dependencies` (array and schema forms; 2019-09 `dependentRequired`) and `dependentSchemas`. */
  private dependencies(r: Side, w: Side, path: string): Violation[] {
    const out: Violation[] = [];
    const rd = isSchemaObject(r.obj["dependencies"]) ? r.obj["dependencies"] : {};
    const wd = isSchemaObject(w.obj["dependencies"]) ? w.obj["dependencies"] : {};
    for (const [name, rDep] of Object.entries(rd)) {
      const depPath = pointer(path, "dependencies", name);
      const wDep = wd[name];
      if (Array.isArray(rDep)) {
        const wNames = Array.isArray(wDep) ? stringSet(wDep) : new Set<string>();
        const added = stringList(rDep).filter((n) => !wNames.has(n));
        if (added.length === 0) continue;
        out.push(
          wDep === undefined
            ? { rule: "DEPENDENCY_ARRAY_ADDED", path: depPath, message: `when ${name} is present, ${added.join(", ")} are now required` }
            : { rule: "DEPENDENCY_ARRAY_EXTENDED", path: depPath, message: `when ${name} is present, ${added.join(", ")} are now also required` },
        );
      } else if (wDep === undefined || Array.isArray(wDep)) {
        if (!isTrivialSchema(rDep)) out.push({ rule: "DEPENDENCY_SCHEMA_ADDED", path: depPath, message: `a dependency schema for ${name} was added` });
      } else out.push(...this.compare(rDep, wDep, depPath, r.doc, w.doc));
    }
    const rs = isSchemaObject(r.obj["dependentSchemas"]) ? r.obj["dependentSchemas"] : {};
    const ws = isSchemaObject(w.obj["dependentSchemas"]) ? w.obj["dependentSchemas"] : {};
    for (const [name, rDep] of Object.entries(rs)) {
      const depPath = pointer(path, "dependentSchemas", name);
      const wDep = ws[name];
      if (wDep === undefined) {
        if (!isTrivialSchema(rDep)) out.push({ rule: "DEPENDENCY_SCHEMA_ADDED", path: depPath, message: `a dependent schema for ${name} was added` });
      } else out.push(...this.compare(rDep, wDep, depPath, r.doc, w.doc));
    }
    return out;
  }

  /** `enum`: every value the writer may write must be in the reader's enum (Confluent ENUM_ARRAY_NARROWED). */
  private enumeration(r: SchemaObject, w: SchemaObject, path: string): Violation[] {
    const re = r["enum"];
    if (!Array.isArray(re)) return [];
    const we = w["enum"];
    if (!Array.isArray(we)) return [{ rule: "ENUM_ARRAY_NARROWED", path: pointer(path, "enum"), message: "values are now restricted to an enum" }];
    // Keyed by sorted JSON text (equal JSON values, key order aside, share it): O(n + m), not O(n·m).
    const accepted = new Set(re.map((x) => sortedJson(x)));
    const missing = we.filter((v) => !accepted.has(sortedJson(v)));
    if (missing.length === 0) return [];
    return [{ rule: "ENUM_ARRAY_NARROWED", path: pointer(path, "enum"), message: `enum no longer accepts ${missing.map((v) => JSON.stringify(v)).join(", ")}` }];
  }

  /** allOf/anyOf/oneOf (and `type` arrays, read as anyOf) on either side, as Karapace `compatibility_subschemas`. */
  private combinators(r: Side, w: Side, rk: SchemaKind, wk: SchemaKind, path: string): Violation[] {
    if (this.confluent) return this.confluentCombinators(r, w, rk, wk, path);
    const rc = r.isObject ? combinatorOf(r.obj) : undefined;
    const wc = w.isObject ? combinatorOf(w.obj) : undefined;
    const rCombined = rc !== undefined && rc.kind !== "not";
    const wCombined = wc !== undefined && wc.kind !== "not";
    // A `type` array is read as anyOf but has no /anyOf in the schema: point at /type.
    const keywordOf = (c: NonNullable<typeof rc>, s: SchemaObject) => (Array.isArray(s["type"]) ? "type" : c.kind);
    const at = rCombined ? pointer(path, keywordOf(rc, r.obj)) : wCombined ? pointer(path, keywordOf(wc, w.obj)) : path;
    const branchPath = (i: number) => (r.obj["type"] !== undefined && Array.isArray(r.obj["type"]) ? pointer(path, "type", i) : pointer(at, i));
    const cmp = (rn: JsonValue, wn: JsonValue, p: string) => this.compare(rn, wn, p, r.doc, w.doc);

    if (rCombined && !wCombined) {
      if (rc.branches.length === 1) return cmp(rc.branches[0] as JsonValue, w.node, branchPath(0));
      if (rc.kind === "allOf") {
        // Every reader branch must accept the writer.
        return rc.branches.flatMap((b, i) => cmp(b, w.node, branchPath(i)));
      }
      // anyOf/oneOf: some reader branch must accept the writer.
      if (rc.branches.some((b, i) => cmp(b, w.node, branchPath(i)).length === 0)) return [];
      return [{ rule: "TYPE_CHANGED", path: at, message: `no ${rc.kind} branch of the reader accepts the writer's ${wk} schema` }];
    }
    if (wCombined && !rCombined) {
      if (wc.branches.length === 1) return cmp(r.node, wc.branches[0] as JsonValue, path);
      if (wc.kind === "allOf") {
        // Values satisfy every writer branch: enough that one branch is readable.
        if (wc.branches.some((b) => cmp(r.node, b, path).length === 0)) return [];
        return [{ rule: "TYPE_CHANGED", path, message: `the reader's ${rk} schema reads none of the writer's allOf branches` }];
      }
      // anyOf/oneOf: the reader must read every writer branch.
      const causes = wc.branches.flatMap((b) => cmp(r.node, b, path));
      return causes.length === 0 ? [] : [{ rule: "TYPE_CHANGED", path, message: `the reader's ${rk} schema does not read every ${wc.kind} branch of the writer`, causes }];
    }
    if (!rCombined || !wCombined) return [typeChanged(path, rk, wk)];
    if (rc.kind !== "anyOf" && rc.kind !== wc.kind) {
      return [{ rule: "COMBINED_TYPE_CHANGED", path: at, message: `combinator changed from ${wc.kind} to ${rc.kind}` }];
    }
    const rn = rc.branches.length;
    const wn = wc.branches.length;
    if (rc.kind === "allOf" && wn < rn) return [{ rule: "PRODUCT_TYPE_EXTENDED", path: at, message: `allOf grew from ${wn} to ${rn} schemas` }];
    if (rc.kind !== "allOf" && wn > rn) return [{ rule: "SUM_TYPE_NARROWED", path: at, message: `${rc.kind} shrank from ${wn} to ${rn} schemas` }];
    // Pair branches one-to-one, ignoring order: allOf needs every reader branch paired, anyOf/oneOf every writer branch.
    const edges = rc.branches.map((rb, i) => wc.branches.flatMap((wb, j) => (cmp(rb, wb, branchPath(i)).length === 0 ? [j] : [])));
    const needed = rc.kind === "allOf" ? rn : wn;
    if (maximumMatching(edges) >= needed) return [];
    return [{ rule: "COMBINED_TYPE_SUBSCHEMAS_CHANGED", path: at, message: `the ${rc.kind} schemas of the reader do not each match a compatible writer schema` }];
  }

  /**
   * allOf/anyOf/oneOf (and `type` arrays, read as anyOf) as Confluent's `SchemaDiff` and `CombinedSchemaDiff`:
   * duplicate members count once and a one-member combinator is its member; a combined reader reads a plain
   * writer when one anyOf/oneOf member does (SUM_TYPE_EXTENDED), a combined writer is read by a plain reader
   * when one allOf member is (PRODUCT_TYPE_NARROWED), otherwise TYPE_CHANGED; between two combinators the
   * criterion may only widen (COMBINED_TYPE_EXTENDED: to anyOf, or between singletons), allOf may not grow,
   * anyOf/oneOf may not shrink, and the members must pair off compatibly (maximum matching covering the smaller
   * side, else COMBINED_TYPE_SUBSCHEMAS_CHANGED).
   */
  private confluentCombinators(r: Side, w: Side, rk: SchemaKind, wk: SchemaKind, path: string): Violation[] {
    const rc = r.isObject ? combinatorOf(r.obj) : undefined;
    const wc = w.isObject ? combinatorOf(w.obj) : undefined;
    const rCombined = rc !== undefined && rc.kind !== "not";
    const wCombined = wc !== undefined && wc.kind !== "not";
    const keywordOf = (c: NonNullable<typeof rc>, s: SchemaObject) => (Array.isArray(s["type"]) ? "type" : c.kind);
    const at = rCombined ? pointer(path, keywordOf(rc, r.obj)) : wCombined ? pointer(path, keywordOf(wc, w.obj)) : path;
    const branchPath = (i: number) => (Array.isArray(r.obj["type"]) ? pointer(path, "type", i) : pointer(at, i));
    const cmp = (rn: JsonValue, wn: JsonValue, p: string) => this.compare(rn, wn, p, r.doc, w.doc);
    if (rCombined && !wCombined) {
      const branches = distinct(rc.branches);
      if (branches.length === 1) return cmp(branches[0]!, w.node, branchPath(0));
      // A reader allOf reads the writer when every member does. (Confluent reports TYPE_CHANGED for any
      // multi-member allOf over a plain writer; Charter also builds allOf itself for `$ref` siblings and
      // combinators beside other keywords, where that would refuse identical value sets — see
      // docs/compatibility.md, known differences.)
      if (rc.kind === "allOf") return branches.flatMap((b, i) => cmp(b, w.node, branchPath(i)));
      if (branches.some((b, i) => cmp(b, w.node, branchPath(i)).length === 0)) return [];
      return [{ rule: "TYPE_CHANGED", path: at, message: `no ${rc.kind} member of the reader reads the writer's ${wk} schema` }];
    }
    if (wCombined && !rCombined) {
      const branches = distinct(wc.branches);
      if (branches.length === 1) return cmp(r.node, branches[0]!, path);
      if (wc.kind === "allOf" && branches.some((b) => cmp(r.node, b, path).length === 0)) return [];
      return [{ rule: "TYPE_CHANGED", path, message: `the reader's ${rk} schema replaces the writer's ${wc.kind} of ${branches.length} schemas` }];
    }
    if (!rCombined || !wCombined) return [typeChanged(path, rk, wk)];
    const rb = distinct(rc.branches);
    const wb = distinct(wc.branches);
    if (rc.kind !== wc.kind) {
      const extended = rc.kind === "anyOf" || (rb.length === 1 && wb.length === 1) || (wb.length === 1 && rc.kind === "oneOf") || (rb.length === 1 && wc.kind === "allOf");
      if (!extended) return [{ rule: "COMBINED_TYPE_CHANGED", path: at, message: `combinator changed from ${wc.kind} to ${rc.kind}` }];
    }
    const out: Violation[] = [];
    if (wb.length < rb.length && rc.kind === "allOf") out.push({ rule: "PRODUCT_TYPE_EXTENDED", path: at, message: `allOf grew from ${wb.length} to ${rb.length} schemas` });
    if (wb.length > rb.length && wc.kind !== "allOf") out.push({ rule: "SUM_TYPE_NARROWED", path: at, message: `${wc.kind} shrank from ${wb.length} to ${rb.length} schemas` });
    const edges = rb.map((rn, i) => wb.flatMap((wn, j) => (cmp(rn, wn, branchPath(i)).length === 0 ? [j] : [])));
    if (maximumMatching(edges) < Math.min(rb.length, wb.length)) {
      out.push({ rule: "COMBINED_TYPE_SUBSCHEMAS_CHANGED", path: at, message: `the ${rc.kind} schemas of the reader do not each match a compatible writer schema` });
    }
    return out;
  }
}

/** Branches with duplicates (equal JSON, key order aside) removed: Confluent collapses them into a set. */
function distinct(branches: readonly JsonValue[]): JsonValue[] {
  const seen = new Set<string>();
  return branches.filter((b) => {
    const key = sortedJson(b);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One side of a comparison: the prepared schema and the document it lives in. */
class Side {
  constructor(
    readonly schema: Schema,
    readonly doc: JsonSchemaDocument,
  ) {}
  get isObject(): boolean {
    return typeof this.schema !== "boolean";
  }
  /** The schema object (`{}` for a boolean schema, whose keywords are all absent). */
  get obj(): SchemaObject {
    return typeof this.schema === "boolean" ? {} : this.schema;
  }
  get node(): JsonValue {
    return this.schema;
  }
  /** `true` read as `{"type": "object"}` (Karapace). */
  asObject(): Side {
    return this.schema === true ? new Side({ type: "object" }, this.doc) : this;
  }
}

/** Keywords that constrain instances (every draft's validation and applicator vocabulary). */
const CONSTRAINING = new Set([
  "type", "enum", "const", "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "multipleOf", "maxLength", "minLength",
  "pattern", "format", "items", "prefixItems", "additionalItems", "unevaluatedItems", "maxItems", "minItems", "uniqueItems",
  "contains", "minContains", "maxContains", "properties", "patternProperties", "additionalProperties", "unevaluatedProperties",
  "required", "dependencies", "dependentRequired", "dependentSchemas", "propertyNames", "maxProperties", "minProperties",
  "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "$ref", "$dynamicRef", "$recursiveRef",
]);

/**
 * True for `true` and for a schema object with no constraining keyword (`{}`, or annotations and unknown
 * keywords only): Confluent's `EmptySchema`, which accepts every instance.
 */
export function isUnconstrained(schema: Schema): boolean {
  return schema === true || (typeof schema === "object" && !Object.keys(schema).some((k) => CONSTRAINING.has(k)));
}

/**
 * True for a propertyNames schema that accepts every string: only `type: "string"` and a `pattern` that matches
 * the empty string without anchors or lookarounds (patterns are unanchored, so such a pattern matches at
 * position 0 of any name — `a*`, `.*`).
 */
function acceptsEveryName(schema: JsonValue): boolean {
  if (!isSchemaObject(schema)) return schema === true;
  if (Object.keys(schema).some((k) => k !== "pattern" && !(k === "type" && schema[k] === "string"))) return false;
  const pattern = schema["pattern"];
  if (pattern === undefined) return true;
  if (typeof pattern !== "string" || /[\^$]|\\[bBAzZ]|\(\?<?[=!]/.test(pattern)) return false;
  return safeTest(pattern, "") === true;
}

function unsafePattern(pattern: string, path: string, name: string): Violation {
  return {
    rule: "PATTERN_NOT_EVALUATED",
    path,
    message: `cannot tell safely whether pattern ${pattern} matches property ${name.length > 64 ? name.slice(0, 64) + "…" : name} (a backtracking pattern, or an overlong name); not proven compatible`,
  };
}

function typeChanged(path: string, rk: SchemaKind, wk: SchemaKind): Violation {
  return { rule: "TYPE_CHANGED", path, message: `type ${kindName(rk)} is not compatible with type ${kindName(wk)}` };
}

function kindName(k: SchemaKind): string {
  return k === "boolean-schema" ? "boolean schema" : k;
}

/** Open content model (Karapace): no patternProperties and additionalProperties absent or `true`/`{}`. */
function isOpenContentModel(s: SchemaObject): boolean {
  const patterns = s["patternProperties"];
  const hasPatterns = isSchemaObject(patterns) && Object.keys(patterns).length > 0;
  const ap = s["additionalProperties"];
  return !hasPatterns && (ap === undefined || isTrivialSchema(ap));
}

/**
 * The schema that governs an undeclared property `name`: the first patternProperties entry whose pattern
 * matches, else additionalProperties (`false` when that closes the model); `undefined` when neither applies (the
 * name is unconstrained); `{ unsafe }` when a pattern could not be evaluated safely (see {@link safeTest}), so
 * which schema governs the name is unknown. `path` is the object schema's pointer, for the returned subschema's.
 */
function partialSchema(
  s: SchemaObject,
  name: string,
  path: string,
): { schema: JsonValue; path: string; keyword: string } | { unsafe: string; path: string } | false | undefined {
  const patterns = s["patternProperties"];
  if (isSchemaObject(patterns)) {
    for (const [pattern, schema] of Object.entries(patterns)) {
      const matched = safeTest(pattern, name);
      if (matched === "unknown") return { unsafe: pattern, path: pointer(path, "patternProperties", pattern) };
      if (matched) return { schema, path: pointer(path, "patternProperties", pattern), keyword: `patternProperties ${pattern}` };
    }
  }
  const ap = s["additionalProperties"];
  if (ap === false) return false;
  if (ap === undefined) return undefined;
  return { schema: ap, path: pointer(path, "additionalProperties"), keyword: "additionalProperties" };
}

/**
 * Whether `pattern` matches `value`, through {@link compileSafeRegExp} (linear time, or a bounded backtracking
 * fallback): `"unknown"` when the pattern cannot be run safely (or is not a valid regex) or the value is too long
 * for a backtracking pattern, and callers then report the name as not proven covered (a conservative verdict)
 * rather than guess.
 */
function safeTest(pattern: string, value: string): boolean | "unknown" {
  for (const unicode of [true, false]) {
    const compiled = compileSafeRegExp(pattern, { unicode });
    if (!compiled.ok) continue; // not valid with the `u` flag: try without, then give up
    try {
      return compiled.value.test(value);
    } catch (e) {
      if (e instanceof RegexInputTooLongError) return "unknown";
      throw e;
    }
  }
  return "unknown";
}

interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
}

/** The tighter of an inclusive and an exclusive bound (after draft-4 booleans became numbers). */
function bound(s: SchemaObject, inclusiveKey: string, exclusiveKey: string, tighter: (a: number, b: number) => number): Bound | undefined {
  const inclusive = typeof s[inclusiveKey] === "number" ? (s[inclusiveKey] as number) : undefined;
  const exclusive = typeof s[exclusiveKey] === "number" ? (s[exclusiveKey] as number) : undefined;
  if (inclusive === undefined) return exclusive === undefined ? undefined : { value: exclusive, exclusive: true };
  if (exclusive === undefined) return { value: inclusive, exclusive: false };
  const value = tighter(inclusive, exclusive);
  return { value, exclusive: value === exclusive };
}

function describeBound(b: Bound, op: "<" | ">"): string {
  return `${op}${b.exclusive ? "" : "="} ${b.value}`;
}

function positive(v: JsonValue | undefined): number | undefined {
  return typeof v === "number" && v > 0 ? v : undefined;
}

function count(v: JsonValue | undefined): number | undefined {
  return typeof v === "number" && v >= 0 ? v : undefined;
}

/** True when `value` is an integer multiple of `step`, allowing for binary floating point (0.3 / 0.1). */
function isMultiple(value: number, step: number): boolean {
  const q = value / step;
  return Math.abs(q - Math.round(q)) < 1e-9 * Math.max(1, Math.abs(q));
}

/** max/min size keywords (`maxItems`/`minItems`, `maxProperties`/`minProperties`). */
function sizeChecks(r: SchemaObject, w: SchemaObject, path: string, maxKey: string, minKey: string, noun: "ITEMS" | "PROPERTIES"): Violation[] {
  const out: Violation[] = [];
  const rMax = count(r[maxKey]);
  const wMax = count(w[maxKey]);
  if (rMax !== undefined) {
    if (wMax === undefined) out.push({ rule: `MAX_${noun}_ADDED`, path: pointer(path, maxKey), message: `${maxKey} ${rMax} added` });
    else if (rMax < wMax) out.push({ rule: `MAX_${noun}_DECREASED`, path: pointer(path, maxKey), message: `${maxKey} decreased from ${wMax} to ${rMax}` });
  }
  const rMin = count(r[minKey]) ?? 0;
  const wMin = count(w[minKey]) ?? 0;
  if (rMin > wMin) {
    const rule = w[minKey] === undefined ? `MIN_${noun}_ADDED` : `MIN_${noun}_INCREASED`;
    out.push({ rule, path: pointer(path, minKey), message: `${minKey} increased from ${wMin} to ${rMin}` });
  }
  return out;
}

function stringList(v: JsonValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function stringSet(v: JsonValue | undefined): Set<string> {
  return new Set(stringList(v));
}
