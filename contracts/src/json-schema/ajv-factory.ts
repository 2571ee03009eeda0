import { Ajv } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import type * as AjvCoreModule from "ajv/dist/core.js";
import type { ErrorObject, Options } from "ajv/dist/core.js";
import draft06MetaSchema from "ajv/dist/refs/json-schema-draft-06.json" with { type: "json" };
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { sortedJson, type JsonValue } from "../json-text.js";
import { safeRegExpEngine } from "../safe-regex.js";
import { DRAFT_META_URIS, type JsonSchemaDraft } from "./draft.js";

// These packages are CommonJS with `module.exports = fn; exports.default = fn`: under NodeNext the default
// import is `module.exports`, whose `.default` is the same function and is what the typings describe.
const AjvDraft04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

/** An ajv instance of any draft (all share ajv's core class). */
export type SchemaCompiler = AjvCoreModule.default;

/** Options for {@link createCompiler}. */
export interface CompilerOptions {
  /** Compile `pattern`/`patternProperties` with the `u` flag (ajv's default). Default true. */
  readonly unicodeRegExp?: boolean;
  /** Check schemas against the meta-schema when compiling/adding. Default true. */
  readonly validateSchema?: boolean;
  /**
   * ajv code generation options (`code.source` for standalone validators, `code.esm`, `code.formats`). When
   * given they replace the default `code`, whose `regExp` is the safe engine: standalone validators (codegen)
   * run in the user's own services with the native RegExp unless `code.regExp` says otherwise.
   */
  readonly code?: Options["code"];
  /** Longest `pattern` / `patternProperties` regex accepted (see `limits.ts`). Default 4096. */
  readonly maxPatternLength?: number;
}

/**
 * A fresh ajv instance for `draft`: strict mode off (unknown keywords and formats are annotations, as in
 * Confluent's validator), all errors reported, formats from `ajv-formats`, no logging, no remote loading
 * (ajv only fetches with `loadSchema`, which is never set), and schema regexes run by `safe-regex.ts`. Fresh per schema so references never leak between
 * parses.
 */
export function createCompiler(draft: JsonSchemaDraft, options: CompilerOptions = {}): SchemaCompiler {
  const common: Options = {
    strict: false,
    allErrors: true,
    logger: false,
    unicodeRegExp: options.unicodeRegExp ?? true,
    validateFormats: true,
    validateSchema: options.validateSchema ?? true,
    // Every `pattern` and `patternProperties` regex runs in linear time (or is bounded): see safe-regex.ts.
    code: options.code ?? { regExp: safeRegExpEngine(options.maxPatternLength !== undefined ? { maxPatternLength: options.maxPatternLength } : {}) },
  };
  let ajv: SchemaCompiler;
  switch (draft) {
    case "draft-04":
      ajv = new AjvDraft04(common);
      break;
    case "draft-06":
      ajv = new Ajv(common);
      ajv.addMetaSchema(draft06MetaSchema);
      break;
    case "draft-07":
      ajv = new Ajv(common);
      break;
    case "2019-09":
      ajv = new Ajv2019(common);
      break;
    case "2020-12":
      ajv = new Ajv2020(common);
      break;
  }
  // Draft 6+ renamed `id` to `$id`; ajv still reserves `id` and throws on it. The specification says an
  // unknown keyword is ignored, and Confluent (everit / networknt) accepts draft-07 schemas with a legacy `id`:
  // drop ajv's reservation so `id` is an annotation there, as `javaType` or `x-*` are.
  if (draft !== "draft-04") ajv.removeKeyword("id");
  addFormats(ajv);
  return ajv;
}

const metaValidators = new Map<JsonSchemaDraft, SchemaCompiler>();

/**
 * A shared ajv instance for `draft` used only for `validateSchema` (meta-schema checks), so the meta-schema
 * is compiled once per process rather than once per parse. Never add or compile user schemas on it. Its
 * meta-schema checks `enum` values for duplicates in linear time (see {@link UNIQUE_JSON_VALUES}).
 */
export function metaValidator(draft: JsonSchemaDraft): SchemaCompiler {
  let ajv = metaValidators.get(draft);
  if (!ajv) {
    ajv = createCompiler(draft);
    linearEnumUniqueness(ajv, DRAFT_META_URIS[draft]);
    metaValidators.set(draft, ajv);
  }
  return ajv;
}

/**
 * The keyword that replaces `uniqueItems` on `enum` in the draft-04/06/07 meta-schemas of {@link metaValidator}.
 * ajv checks `uniqueItems` on items of unknown type by comparing every pair (a 20,000-value enum took 2.5 s);
 * this compares each value's sorted-key JSON text in a map, which is the same equality (deep, key order ignored,
 * 1 = 1.0), and reports the pair ajv reports, with ajv's keyword, message and params.
 */
export const UNIQUE_JSON_VALUES = "x-charter-uniqueItems";

function linearEnumUniqueness(ajv: SchemaCompiler, metaUri: string): void {
  const key = metaUri.replace(/#$/, "");
  const meta = ajv.getSchema(key)?.schema as { properties?: { enum?: Record<string, unknown> } } | undefined;
  if (meta?.properties?.enum?.["uniqueItems"] !== true) return; // 2019-09 and 2020-12 do not ask for it
  type Validate = ((schema: boolean, data: JsonValue[]) => boolean) & { errors?: Partial<ErrorObject>[] };
  const unique: Validate = (_schema, data) => {
    // ajv scans i from the end and j below it: the largest i that repeats an earlier value, and the last such j.
    const last = new Map<string, number>();
    let pair: { i: number; j: number } | undefined;
    data.forEach((value, i) => {
      const text = sortedJson(value);
      const j = last.get(text);
      if (j !== undefined) pair = { i, j };
      last.set(text, i);
    });
    if (pair === undefined) return true;
    unique.errors = [{ keyword: "uniqueItems", params: pair, message: `must NOT have duplicate items (items ## ${pair.j} and ${pair.i} are identical)` }];
    return false;
  };
  ajv.addKeyword({ keyword: UNIQUE_JSON_VALUES, type: "array", schemaType: "boolean", errors: true, validate: unique });
  const { uniqueItems: _ajvUniqueItems, ...enumRest } = meta.properties.enum;
  const patched = { ...meta, properties: { ...meta.properties, enum: { ...enumRest, [UNIQUE_JSON_VALUES]: true } } };
  ajv.removeSchema(key);
  ajv.addMetaSchema(patched);
}
