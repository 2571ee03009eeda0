import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Precompiled validators for the two document-structure rules of @asyncapi/parser (`asyncapi-document-resolved`,
 * `asyncapi-document-unresolved`), which validate a whole document against the AsyncAPI specification's JSON
 * Schema. Compiling that schema with Ajv is most of a cold `charter check` of an AsyncAPI file (≈ 1–2 s per
 * process); ajv's standalone code, written at build time (`npm run build`), loads in a fraction of that. The code
 * is the same Ajv's output for the same schema and options Spectral's `schema` function uses, so the errors are
 * the same; where no file was written (a source checkout without a build, an unlisted spec version) the parser
 * compiles as before.
 */

/** Specification versions with a precompiled validator (the ones most documents declare; others compile). */
export const PRECOMPILED_SPEC_VERSIONS: readonly string[] = ["3.0.0", "2.6.0"];

/** A compiled Ajv validator: true when valid; `errors` set when not. */
export interface SpecValidator {
  (data: unknown): boolean;
  errors?: unknown[] | null;
}

const require = createRequire(import.meta.url);
/** Where Spectral's `schema` function resolves its own dependencies (it may carry its own ajv-formats). */
const spectralRequire = (id: string): unknown => createRequire(require.resolve("@stoplight/spectral-functions"))(id);
spectralRequire.resolve = (id: string): string => createRequire(require.resolve("@stoplight/spectral-functions")).resolve(id);

interface SchemaLookup {
  getSchema(formats: Set<unknown>, resolved: boolean): { $id: string } & Record<string, unknown>;
}

/** The schema the parser validates a `version` document with (`resolved` or not), exactly as it builds it. */
export function specSchema(version: string, resolved: boolean): { $id: string } & Record<string, unknown> {
  const { getSchema } = require("@asyncapi/parser/cjs/ruleset/functions/documentStructure.js") as SchemaLookup;
  const { AsyncAPIFormats } = require("@asyncapi/parser/cjs/ruleset/formats.js") as { AsyncAPIFormats: Map<string, unknown> };
  const format = AsyncAPIFormats.get(version);
  if (format === undefined) throw new Error(`@asyncapi/parser knows no AsyncAPI ${version}`);
  return getSchema(new Set([format]), resolved);
}

/** The file name of a precompiled validator, from the schema's `$id` (`…/3.0.0/asyncapi-resolved.json`). */
export function validatorFileName(schemaId: string): string {
  return `${schemaId.replace(/^https?:\/\//, "").replace(/[^A-Za-z0-9.-]+/g, "_")}.cjs`;
}

/**
 * Writes one CommonJS module per version and resolution state into `dir`: Ajv's standalone code of the
 * specification schema, compiled with the options of Spectral's `createAjvInstances` (draft-07 Ajv, `allErrors`,
 * `messages`, `strict: false`, `allowUnionTypes`, `unicodeRegExp: false`, Spectral's ajv-formats, ajv-errors,
 * the draft-04 and draft-06 meta-schemas). Returns the files written.
 */
export function writeSpecValidators(dir: string, versions: readonly string[] = PRECOMPILED_SPEC_VERSIONS): string[] {
  const Ajv = (spectralRequire("ajv") as { default: new (options: object) => AjvLike }).default;
  const { _ } = spectralRequire("ajv") as { _: (strings: TemplateStringsArray, ...values: unknown[]) => unknown };
  const standaloneCode = (spectralRequire("ajv/dist/standalone") as { default: (ajv: AjvLike, validate: unknown) => string }).default;
  const addFormats = spectralRequire("ajv-formats") as (ajv: AjvLike) => void;
  const addErrors = spectralRequire("ajv-errors") as (ajv: AjvLike) => void;
  const draft4 = spectralRequire("@stoplight/spectral-functions/dist/schema/draft4.json") as object;
  const draft6 = spectralRequire("ajv/dist/refs/json-schema-draft-06.json") as object;
  mkdirSync(dir, { recursive: true });
  // The generated code requires the very formats module Spectral uses, by a path relative to `dir`.
  const formatsPath = relativeTo(dir, spectralRequire.resolve("ajv-formats/dist/formats"));
  const written: string[] = [];
  for (const version of versions) {
    for (const resolved of [true, false]) {
      const ajv = new Ajv({
        allErrors: true,
        meta: true,
        messages: true,
        strict: false,
        allowUnionTypes: true,
        unicodeRegExp: false,
        logger: false,
        code: { source: true, formats: _`require(${formatsPath}).fullFormats` },
      });
      addFormats(ajv);
      addErrors(ajv);
      ajv.addSchema(draft4);
      ajv.addSchema(draft6);
      const schema = specSchema(version, resolved);
      const file = join(dir, validatorFileName(schema.$id));
      // Ajv's runtime helpers are required by package name; resolve them as Spectral does and require them by a
      // path relative to `dir`, so the file loads wherever `dir` is (the build's dist, a test's temp dir).
      const code = standaloneCode(ajv, ajv.compile(schema)).replace(/require\("([^".][^"]*)"\)/g, (_all, name: string) => `require(${JSON.stringify(relativeTo(dir, spectralRequire.resolve(name)))})`);
      writeFileSync(file, `// Generated by contracts/src/asyncapi/spec-validators.ts from ${schema.$id}: do not edit.\n${code}`);
      written.push(file);
    }
  }
  return written;
}

/** `file` as a `require` path relative to `dir` (`./…` or `../…`, forward slashes). */
function relativeTo(dir: string, file: string): string {
  const path = relative(dir, file).split(sep).join("/");
  return path.startsWith(".") ? path : `./${path}`;
}

/** The pseudo-`$id` of the payload validator of a version (the AsyncAPI schema parser's `getSchemaValidator`). */
export function payloadValidatorId(version: string): string {
  return `asyncapi-payload-schema-${version}`;
}

/**
 * Writes the payload validators of @asyncapi/parser's AsyncAPI schema parser (`schema-parser/asyncapi-schema-
 * parser.js`): the specification's Schema Object definition (`{$ref: …/schema.json, definitions}` without the
 * draft-04/07 meta-schemas, as its `preparePayloadSchema` builds it), compiled with that parser's Ajv options
 * (`allErrors`, `messages`, `strict: false`, `allowUnionTypes`, `unicodeRegExp: false`, its ajv-formats,
 * ajv-errors). Returns the files written.
 */
export function writePayloadValidators(dir: string, versions: readonly string[] = PRECOMPILED_SPEC_VERSIONS): string[] {
  const parserRequire = createRequire(require.resolve("@asyncapi/parser"));
  const Ajv = (parserRequire("ajv") as { default: new (options: object) => AjvLike }).default;
  const { _ } = parserRequire("ajv") as { _: (strings: TemplateStringsArray, ...values: unknown[]) => unknown };
  const standaloneCode = (parserRequire("ajv/dist/standalone") as { default: (ajv: AjvLike, validate: unknown) => string }).default;
  const addFormats = parserRequire("ajv-formats") as (ajv: AjvLike) => void;
  const addErrors = parserRequire("ajv-errors") as (ajv: AjvLike) => void;
  const specs = (parserRequire("@asyncapi/specs") as { default?: { schemas: Record<string, { definitions?: Record<string, unknown> }> }; schemas?: Record<string, { definitions?: Record<string, unknown> }> });
  const schemas = (specs.default ?? specs).schemas!;
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const version of versions) {
    const ajv = new Ajv({
      allErrors: true,
      meta: true,
      messages: true,
      strict: false,
      allowUnionTypes: true,
      unicodeRegExp: false,
      code: { source: true, formats: _`require(${relativeTo(dir, parserRequire.resolve("ajv-formats/dist/formats"))}).fullFormats` },
    });
    addFormats(ajv);
    addErrors(ajv);
    const definitions = JSON.parse(JSON.stringify(schemas[version]?.definitions ?? {})) as Record<string, unknown>;
    delete definitions["http://json-schema.org/draft-07/schema"];
    delete definitions["http://json-schema.org/draft-04/schema"];
    const schema = { $ref: `http://asyncapi.com/definitions/${version}/schema.json`, definitions };
    const id = payloadValidatorId(version);
    const code = standaloneCode(ajv, ajv.compile(schema)).replace(/require\("([^".][^"]*)"\)/g, (_all, name: string) => `require(${JSON.stringify(relativeTo(dir, parserRequire.resolve(name)))})`);
    const file = join(dir, validatorFileName(id));
    writeFileSync(file, `// Generated by contracts/src/asyncapi/spec-validators.ts (${id}): do not edit.\n${code}`);
    written.push(file);
  }
  return written;
}

interface AjvLike {
  compile(schema: object): unknown;
  addSchema(schema: object): unknown;
}

const loaded = new Map<string, SpecValidator | undefined>();
const dirs = new Map<string, boolean>();

/** Whether `dir` exists (checked once per process): without it nothing is precompiled, and nothing more is looked up. */
export function hasValidators(dir: string): boolean {
  if (!dirs.has(dir)) dirs.set(dir, existsSync(dir));
  return dirs.get(dir)!;
}

/** The precompiled validator of a specification schema `$id` from `dir`, or `undefined` when none was written. */
export function precompiledValidator(dir: string, schemaId: string): SpecValidator | undefined {
  const file = join(dir, validatorFileName(schemaId));
  if (!loaded.has(file)) {
    const mod = existsSync(file) ? (require(file) as { default?: SpecValidator } & SpecValidator) : undefined;
    loaded.set(file, mod === undefined ? undefined : (mod.default ?? mod));
  }
  return loaded.get(file);
}

/**
 * The directory the build writes the validators to: next to this module (`contracts/dist/asyncapi/spec-validators`;
 * in the Action's bundle, `dist/spec-validators` beside it). Run from the TypeScript sources (tests, tsx), the
 * build's directory: the validators are generated from @asyncapi/parser's specification schemas, not from these
 * sources, so they are current whenever `npm run build` ran after the install (`npm ci` runs it).
 */
export const SPEC_VALIDATORS_DIR = import.meta.url.endsWith(".ts")
  ? fileURLToPath(new URL("../../dist/asyncapi/spec-validators", import.meta.url))
  : join(dirname(fileURLToPath(import.meta.url)), "spec-validators");
