import type { Format, SchemaType } from "../format.js";

/** Finds the engine of a schema type (normally `getFormat` of `formats.ts`); `undefined` when the build has none. */
export type EngineLookup = (type: SchemaType) => Format | undefined;

let loading: Promise<EngineLookup> | undefined;
let loaded: EngineLookup | undefined;

/**
 * The build's engines (`getFormat`), imported on first use: a static import would be circular, since
 * `formats.ts` imports this engine. ASYNCAPI itself is excluded (payloads are never AsyncAPI documents).
 */
export function defaultEngines(): Promise<EngineLookup> {
  loading ??= import("../formats.js").then((m) => {
    loaded = (type: SchemaType) => (type === "ASYNCAPI" ? undefined : m.getFormat(type));
    return loaded;
  });
  return loading;
}

/**
 * The build's engines once {@link defaultEngines} has loaded them (every `parseAsyncApi` without explicit
 * engines does so before returning), else `undefined`: compatibility is synchronous and cannot import.
 */
export function loadedEngines(): EngineLookup | undefined {
  return loaded;
}
