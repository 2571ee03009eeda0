import { documentStructure } from "@asyncapi/parser/cjs/ruleset/functions/documentStructure.js";
import { coreRuleset } from "@asyncapi/parser/cjs/ruleset/ruleset.js";

/**
 * The key under which Spectral's `schema` function keeps its ajv instances for the structure rules. Spectral
 * keys them by the document being linted, so the AsyncAPI specification schema (hundreds of definitions) was
 * compiled again for every document — about 0.3–1 s per parse, most of an AsyncAPI parse. One stable key
 * compiles it once per process; the schema, options and results are the same (the validators hold no
 * per-document state).
 */
const SHARED_AJV_KEY = {};

type StructureRule = (typeof coreRuleset.rules)["asyncapi-document-resolved"];
type RuleFunction = (target: unknown, options: unknown, context: Record<string, unknown>) => unknown;

const shared: RuleFunction = (target, options, context) => (documentStructure as unknown as RuleFunction)(target, options, { ...context, documentInventory: SHARED_AJV_KEY });

function withSharedValidators(rule: StructureRule): StructureRule {
  return { ...rule, then: { ...rule.then, function: shared as unknown as StructureRule["then"]["function"] } };
}

/**
 * The parser's two document-structure rules (`asyncapi-document-resolved`, `asyncapi-document-unresolved`)
 * exactly as @asyncapi/parser defines them, except that their compiled validators are shared across
 * documents. Pass as `new Parser({ ruleset: { rules: STRUCTURE_RULES } })`: a ruleset's own rules override
 * the extended ones of the same name.
 */
export const STRUCTURE_RULES = {
  "asyncapi-document-resolved": withSharedValidators(coreRuleset.rules["asyncapi-document-resolved"]),
  "asyncapi-document-unresolved": withSharedValidators(coreRuleset.rules["asyncapi-document-unresolved"] as StructureRule),
};
