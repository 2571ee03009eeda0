/**
 * The AsyncAPI engine (`schemaType: "ASYNCAPI"`, Charter's own): parses AsyncAPI 2.x/3.x documents with
 * @asyncapi/parser into a typed {@link AsyncApiModel}, and checks contract changes direction-aware —
 * structural rules on channels/operations/messages, payload rules delegated to the Avro, JSON Schema and
 * Protobuf engines.
 */
import { fail } from "../errors.js";
import type { Format, ParsedSchema, Violation } from "../format.js";
import { asyncApiCompatibility } from "./compatibility.js";
import { loadedEngines } from "./engines.js";
import { asAsyncApiModel } from "./model.js";
import { parseAsyncApi } from "./parse.js";

export * from "./model.js";
export { parseAsyncApi, attachEngines, ENGINE_OF, type AsyncApiParseOptions } from "./parse.js";
export { buildAsyncApiModel } from "./build-model.js";
export { defaultEngines, type EngineLookup } from "./engines.js";
export {
  replaceCheck,
  checkAsyncApi,
  asyncApiCompatibility,
  type AsyncApiChange,
  type AsyncApiCheckOptions,
  type AsyncApiVerdict,
  type AsyncApiViolation,
  type CheckAsyncApiOptions,
} from "./compatibility.js";
export { DEFAULT_SEVERITY, severityOf, isAsyncApiRule, type AsyncApiRule, type RuleSeverity } from "./rules.js";
export { payloadFormatOf, defaultSchemaFormat } from "./payload-schema.js";
export { SourceMap, pointerTokens, type SourceLocation } from "./source-map.js";
export { referenceResolvers, VIRTUAL_SOURCE } from "./reference-resolver.js";

/**
 * Validates a decoded message payload against the document: valid (empty) when some message's payload
 * schema accepts it, as a `oneOf` over every message would. Otherwise the violations of the closest
 * message (fewest violations). Payloads without an engine cannot accept anything.
 */
function validateAnyMessage(schema: ParsedSchema, value: unknown): readonly Violation[] {
  const model = asAsyncApiModel(schema.model);
  if (!model) return [{ rule: "NOT_ASYNCAPI", path: "", message: `not an AsyncAPI document (${schema.type})` }];
  const engines = loadedEngines();
  let best: readonly Violation[] | undefined;
  for (const m of model.messages) {
    const parsed = m.payload?.parsed;
    const engine = parsed ? engines?.(parsed.type) : undefined;
    if (!parsed || !engine) continue;
    const found = engine.validate(parsed, value);
    if (found.length === 0) return [];
    const here = found.map((v) => ({ ...v, message: `message ${m.id} on ${m.channelId}: ${v.message}` }));
    if (!best || here.length < best.length) best = here;
  }
  return best ?? [{ rule: "NO_MESSAGE_PAYLOAD", path: "", message: "no message payload of this document can be validated" }];
}

/** The ASYNCAPI {@link Format}. Encoding is per message: use the payload's own engine. */
export const asyncApiFormat: Format = {
  type: "ASYNCAPI",
  parse: (text, options) => parseAsyncApi(text, options),
  compatibility: (reader, writer, options) => asyncApiCompatibility(reader, writer, options),
  validate: validateAnyMessage,
  encode: () => fail("UNSUPPORTED", "An AsyncAPI document has no wire encoding: encode with the message payload's engine"),
  decode: () => fail("UNSUPPORTED", "An AsyncAPI document has no wire encoding: decode with the message payload's engine"),
};
