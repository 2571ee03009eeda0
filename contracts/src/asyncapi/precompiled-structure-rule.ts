import { createRequire } from "node:module";
import { hasValidators, precompiledValidator, type SpecValidator } from "./spec-validators.js";

/**
 * The document-structure rule function of @asyncapi/parser (`ruleset/functions/documentStructure.js`) run on a
 * precompiled validator (`spec-validators.ts`) instead of one Spectral compiles: the same schema lookup, the same
 * Ajv error filtering (`prepareResults`, `filterRefErrors`) and the same conversion of Ajv errors into results as
 * Spectral's `schema` function (`@stoplight/spectral-functions` `schema/index.js`: better-ajv-errors, array-item
 * and combinator wording). Follows those files; `parser-ruleset.test.ts` checks the diagnostics stay identical.
 */

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A Spectral rule result: message and path. */
export interface RuleResult {
  message: string;
  path: Array<string | number>;
}

/** What Spectral passes a rule function (the parts read here). */
export interface RuleContext {
  readonly path: Array<string | number>;
  readonly document?: { readonly formats?: Set<unknown> | null };
}

const require = createRequire(import.meta.url);
// Resolved on first use only: a bundle (the GitHub Action) has no node_modules, and never gets this far.
let spectralRequire: NodeJS.Require | undefined;

type BetterAjvErrors = (schema: object, errors: AjvError[], options: { propertyPath: Array<string | number>; targetValue: unknown }) => Array<{ suggestion?: string; error: string; path: string }>;

function shouldIgnoreError(error: AjvError): boolean {
  return error.keyword === "oneOf" || (error.keyword === "required" && error.params["missingProperty"] === "$ref");
}

/** documentStructure.js `prepareResults` (resolved documents only). */
function prepareResults(errors: AjvError[]): void {
  for (let i = 0; i < errors.length; i++) {
    const error = errors[i]!;
    if (error.keyword === "additionalProperties") {
      error.instancePath = `${error.instancePath}/${String(error.params["additionalProperty"])}`;
    } else if (error.keyword === "required" && error.params["missingProperty"] === "$ref") {
      errors.splice(i, 1);
      i--;
    }
  }
  for (let i = 0; i < errors.length; i++) {
    const error = errors[i]!;
    if (i + 1 < errors.length && errors[i + 1]!.instancePath === error.instancePath) {
      errors.splice(i + 1, 1);
      i--;
    } else if (i > 0 && shouldIgnoreError(error) && errors[i - 1]!.instancePath.startsWith(error.instancePath)) {
      errors.splice(i, 1);
      i--;
    }
  }
}

const REF_ERROR = 'Property "$ref" is not expected to be here';

/** documentStructure.js `filterRefErrors`. */
function filterRefErrors(results: RuleResult[], resolved: boolean): RuleResult[] {
  if (resolved) return results.filter((r) => r.message !== REF_ERROR);
  return results.filter((r) => r.message === REF_ERROR).map((r) => ({ ...r, message: "Referencing in this place is not allowed" }));
}

function describeArrayItem(message: string, errorPath: string): string {
  const index = errorPath.split("/").pop();
  if (index === undefined || !/^\d+$/.test(index)) return message;
  const typePrefix = `"${index}" property type`;
  if (message.startsWith(typePrefix)) return `Item at index ${index}${message.slice(typePrefix.length)}`;
  const prefix = `"${index}" property`;
  return message.startsWith(prefix) ? `Item at index ${index}${message.slice(prefix.length)}` : message;
}

function unmatchedCombinators(errors: readonly AjvError[]): Map<string, string> {
  const unmatched = new Map<string, string>();
  for (const { keyword, instancePath, params } of errors) {
    if ((keyword === "oneOf" || keyword === "anyOf") && !Array.isArray(params["passingSchemas"])) unmatched.set(instancePath, keyword);
  }
  return unmatched;
}

function describeCombinator(message: string, keyword: string | undefined): string {
  return keyword !== undefined && message.endsWith(` in ${keyword}`) ? `${message}. None of the schemas matched, see the other errors reported for this value` : message;
}

/** Spectral `schema` function's results for a failed validation. */
function schemaResults(target: unknown, schema: object, validate: SpecValidator, resolved: boolean, path: Array<string | number>): RuleResult[] {
  if (target === undefined) return [{ path, message: '#{{print("property")}}must exist' }];
  if (validate(target) !== false || !Array.isArray(validate.errors)) return [];
  const errors = validate.errors as AjvError[];
  if (resolved) prepareResults(errors);
  const unmatched = unmatchedCombinators(errors);
  // CommonJS: the module is the function (Spectral reaches it through tslib's `__importDefault`).
  spectralRequire ??= createRequire(require.resolve("@stoplight/spectral-functions"));
  const mod = spectralRequire("@stoplight/better-ajv-errors") as BetterAjvErrors | { default: BetterAjvErrors };
  const betterAjvErrors = typeof mod === "function" ? mod : mod.default;
  return betterAjvErrors(schema, errors, { propertyPath: path, targetValue: target }).map(({ suggestion, error, path: errorPath }) => ({
    message: describeCombinator(describeArrayItem(suggestion !== undefined ? `${error}. ${suggestion}` : error, errorPath), unmatched.get(errorPath)),
    path: [...path, ...(errorPath !== "" ? errorPath.replace(/^\//, "").split("/") : [])],
  }));
}

/**
 * The rule's results with the precompiled validator in `dir` for the document's specification version, or
 * `undefined` when there is none (the caller then runs the parser's own function).
 */
export function precompiledStructureResults(dir: string, target: unknown, options: { readonly resolved: boolean }, context: RuleContext): RuleResult[] | undefined {
  const formats = context.document?.formats;
  if (!formats || !hasValidators(dir)) return undefined;
  const { getSchema } = require("@asyncapi/parser/cjs/ruleset/functions/documentStructure.js") as {
    getSchema(formats: Set<unknown>, resolved: boolean): ({ $id: string } & object) | undefined;
  };
  const schema = getSchema(formats, options.resolved);
  if (!schema) return undefined;
  const validate = precompiledValidator(dir, schema.$id);
  if (!validate) return undefined;
  return filterRefErrors(schemaResults(target, schema, validate, options.resolved, context.path), options.resolved);
}
