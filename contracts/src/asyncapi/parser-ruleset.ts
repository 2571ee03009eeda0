import type { Parser } from "@asyncapi/parser";
// A static import of the CommonJS file (the package has no `exports` map), not a runtime require: the Action's
// bundle must carry it, as a runner has no node_modules.
import { coreRuleset as parserCoreRuleset } from "@asyncapi/parser/cjs/ruleset/ruleset.js";
import { precompiledStructureResults, type RuleContext } from "./precompiled-structure-rule.js";
import { SPEC_VALIDATORS_DIR } from "./spec-validators.js";

/** The `ruleset` option of @asyncapi/parser's `Parser` constructor (its type is not exported by name). */
export type ParserRuleset = NonNullable<NonNullable<ConstructorParameters<typeof Parser>[0]>["ruleset"]>;

/** The parts of a Spectral rule definition this module reads and rewrites. */
interface RuleDefinition {
  readonly then: { readonly function: (input: unknown, options: unknown, context: object) => unknown } & Record<string, unknown>;
}

/**
 * The two core rules that validate a whole document against the AsyncAPI specification's JSON Schema
 * (@asyncapi/parser `ruleset/ruleset.js`). Their function hands Spectral's `schema` function the rule context,
 * and that function keeps its compiled Ajv validators in a WeakMap keyed by `context.documentInventory` — a new
 * object on every parse — so each parse compiled the specification's schema again (≈ 250 ms of a ≈ 300 ms parse).
 */
const DOCUMENT_STRUCTURE_RULES = ["asyncapi-document-resolved", "asyncapi-document-unresolved"] as const;

/** The rule {@link latestVersionRule} rewrites. */
const LATEST_VERSION_RULE = "asyncapi-latest-version";

/** One key for the whole process, so the validators compiled on the first parse serve every later one. */
const SHARED_INVENTORY_KEY: object = Object.freeze({});

let memo: ParserRuleset | undefined;

/**
 * The `ruleset` option for `new Parser(...)` — and for `parse(..., { validateOptions: { ruleset } })`, because a
 * parse with `__unstable.resolver` builds its own Spectral instance from the parse options, not the parser's: the
 * parser's own rules, unchanged, except that the two document-structure rules reuse the compiled specification
 * schema across parses. Validation is exactly the parser's (same schema, same functions, same diagnostics); only
 * the cache key changes. Re-declaring a rule by name in the top-level ruleset replaces the extended one (Spectral
 * ruleset semantics). Where the build wrote a precompiled validator for the document's specification version
 * (`spec-validators.ts`), the two rules run on it instead of compiling the schema at all. One object for the
 * process.
 */
export function cachedValidationRuleset(): ParserRuleset {
  memo ??= validationRuleset(SPEC_VALIDATORS_DIR);
  return memo;
}

/**
 * {@link cachedValidationRuleset} reading precompiled specification validators from `dir` (tests point it at
 * freshly written ones); a document whose version has none there is validated by the parser's own function.
 */
export function validationRuleset(dir: string): ParserRuleset {
  // The rule definitions the Parser itself extends.
  const coreRuleset = parserCoreRuleset as unknown as { rules: Record<string, RuleDefinition> };
  const rules: Record<string, RuleDefinition> = {};
  for (const name of DOCUMENT_STRUCTURE_RULES) {
    const rule = coreRuleset.rules[name];
    if (rule === undefined) throw new Error(`@asyncapi/parser has no rule ${name}: update parser-ruleset.ts`);
    const validate = rule.then.function;
    rules[name] = {
      ...rule,
      then: {
        ...rule.then,
        function: (input, options, context) =>
          precompiledStructureResults(dir, input, options as { resolved: boolean }, context as RuleContext) ??
          validate(input, options, { ...context, documentInventory: SHARED_INVENTORY_KEY }),
      },
    };
  }
  rules[LATEST_VERSION_RULE] = latestVersionRule(coreRuleset.rules[LATEST_VERSION_RULE]);
  return { rules } as unknown as ParserRuleset;
}

/**
 * The parser's informational rule that a document uses the latest AsyncAPI version runs Spectral's `schema` function
 * with `{ const: latest }`, which builds a whole Ajv (formats, draft-04 and draft-06 meta-schemas, ≈ 70 ms) for one
 * string comparison. Same rule (name, `given`, message, severity), the comparison made directly.
 */
function latestVersionRule(rule: RuleDefinition | undefined): RuleDefinition {
  const latest = (rule?.then["functionOptions"] as { schema?: { const?: unknown } } | undefined)?.schema?.const;
  if (rule === undefined || typeof latest !== "string") throw new Error(`@asyncapi/parser's ${LATEST_VERSION_RULE} rule changed: update parser-ruleset.ts`);
  const { functionOptions: _options, ...then } = rule.then;
  // The rule's own message is the diagnostic's (it has no placeholder), so the result needs none of its own.
  return { ...rule, then: { ...then, function: (input) => (input === latest ? undefined : [{ message: `"asyncapi" is not ${latest}` }]) } };
}
