import type { Format, SchemaType } from "../format.js";

/** Finds the engine of a schema type (normally `getFormat` of `formats.ts`); `undefined` when the build has none. */
export type EngineLookup = (type: SchemaType) => Format | undefined;

/** The payload engines an AsyncAPI document may use (ASYNCAPI itself is never a payload format). */
const PAYLOAD_TYPES: readonly SchemaType[] = ["AVRO", "JSON", "PROTOBUF"];

const engines = new Map<SchemaType, Format | undefined>();
const loading = new Map<SchemaType, Promise<void>>();
const lookup: EngineLookup = (type) => (type === "ASYNCAPI" ? undefined : engines.get(type));

/**
 * The build's engines for `types` (default: every payload engine), each imported on first use through
 * `loadFormat`, so a document whose payloads are all JSON Schema never loads avsc or protobufjs. The lookup
 * answers every engine loaded so far. A dynamic import: a static one would be circular, since `formats.ts`
 * imports this engine. ASYNCAPI itself is excluded (payloads are never AsyncAPI documents).
 */
export async function defaultEngines(types: readonly SchemaType[] = PAYLOAD_TYPES): Promise<EngineLookup> {
  await Promise.all(types.filter((type) => type !== "ASYNCAPI").map(loadEngine));
  return lookup;
}

/** Imports the engine of `type` once for the process; later calls share the first import. */
function loadEngine(type: SchemaType): Promise<void> {
  let pending = loading.get(type);
  if (pending === undefined) {
    pending = import("../load-format.js").then(async (m) => void engines.set(type, await m.loadFormat(type)));
    loading.set(type, pending);
  }
  return pending;
}

/**
 * The engines {@link defaultEngines} has loaded so far (every `parseAsyncApi` without explicit engines loads
 * those its document's payloads use before returning), else `undefined`: compatibility is synchronous and
 * cannot import.
 */
export function loadedEngines(): EngineLookup | undefined {
  return engines.size > 0 ? lookup : undefined;
}
