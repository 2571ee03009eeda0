import type { ContractError } from "@charter/contracts/core";
import type { StorageReader } from "../storage/storage.js";
import type { ReferenceRequest } from "./schema-request.js";

/** The `format` query value under which Confluent answers a Protobuf schema as base64 `FileDescriptorProto`. */
export const SERIALIZED_FORMAT = "serialized";

/**
 * A Protobuf reference chain that leads back to the subject being registered: `[name, …]` of the imports along
 * the way (the first is imported by the new schema), or undefined. The subject stands for the file being
 * registered (the Confluent serializers name dependency subjects after their file), so such a chain is an
 * import cycle (`a.proto` → `b.proto` → `a.proto`) even though each stored version is acyclic.
 */
export async function findReferenceCycle(
  reader: StorageReader,
  subject: string,
  references: readonly ReferenceRequest[],
): Promise<string[] | undefined> {
  const seen = new Set<string>();
  const visit = async (refs: readonly ReferenceRequest[]): Promise<string[] | undefined> => {
    for (const ref of refs) {
      if (ref.subject === subject) return [ref.name];
      const versions = await reader.listVersions(ref.subject, "all");
      const version = ref.version === -1 ? versions.filter((v) => !v.deleted).at(-1) : versions.find((v) => v.version === ref.version);
      if (version === undefined) continue;
      const key = `${version.subject}\u0000${version.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const schema = await reader.getSchema(version.schemaId);
      if (schema === undefined) continue;
      const rest = await visit(schema.references);
      if (rest !== undefined) return [ref.name, ...rest];
    }
    return undefined;
  };
  return visit(references);
}

/** The 1-based position of `import "<path>"` in `.proto` text, when present. */
function importPosition(text: string, path: string): { line: number; column: number } | undefined {
  const lines = text.split("\n");
  for (const [i, line] of lines.entries()) {
    const m = new RegExp(`\\bimport\\s+(?:public\\s+|weak\\s+)?"${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"`).exec(line);
    if (m) return { line: i + 1, column: m.index + 1 };
  }
  return undefined;
}

/** The engine-style error for a cycle found by {@link findReferenceCycle}, located at the first import. */
export function referenceCycleError(subject: string, text: string, chain: readonly string[]): ContractError {
  const steps = chain.map((name) => `"${name}"`).join(" which imports ");
  const pos = importPosition(text, chain[0] ?? "");
  return {
    code: "SCHEMA_INVALID",
    message: `import cycle through references: the schema for subject '${subject}' imports ${steps}, which is subject '${subject}' itself`,
    ...(pos ? pos : {}),
  };
}
