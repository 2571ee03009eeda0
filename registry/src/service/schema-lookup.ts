import { contractKey } from "../metadata.js";
import type { StorageReader, StoredSchema, SubjectVersion } from "../storage/storage.js";
import { canLookupIgnoringVersion, type Contract } from "./confluent-version.js";

/** A schema looked for under a subject: the engine's identity of its text and references, and its contract. */
export interface LookupTarget extends Contract {
  readonly schemaType: string;
  readonly fingerprint: string;
  readonly referencesKey: string;
}

/** A version of a subject with its schema, as a lookup finds it. */
export interface FoundVersion {
  readonly version: SubjectVersion;
  readonly schema: StoredSchema;
}

/**
 * The version of a subject holding `target`, among `versions` (ascending, as `listVersions` gives them) —
 * Confluent `lookUpSchemaUnderSubject`, also run by `register` before it adds a version: first the newest
 * version whose schema is exactly `target` (same text identity, references, metadata and rule set), else the
 * newest whose schema matches it with `confluent:version` set aside (`ParsedSchema.canLookup`, see
 * {@link canLookupIgnoringVersion}). `undefined` when none does.
 */
export async function findUnderSubject(
  reader: StorageReader,
  target: LookupTarget,
  versions: readonly SubjectVersion[],
  schemaOf: (id: number) => Promise<StoredSchema | undefined>,
): Promise<FoundVersion | undefined> {
  const exactId = await reader.findSchemaId(target.schemaType, target.fingerprint, target.referencesKey, contractKey(target.metadata, target.ruleSet));
  const exact = exactId === undefined ? undefined : versions.filter((v) => v.schemaId === exactId).at(-1);
  if (exact !== undefined) {
    const schema = await schemaOf(exact.schemaId);
    if (schema !== undefined) return { version: exact, schema };
  }
  for (let i = versions.length - 1; i >= 0; i--) {
    const version = versions[i]!;
    const schema = await schemaOf(version.schemaId);
    if (
      schema !== undefined &&
      schema.schemaType === target.schemaType &&
      schema.fingerprint === target.fingerprint &&
      schema.referencesKey === target.referencesKey &&
      canLookupIgnoringVersion(target, schema, version.version)
    ) {
      return { version, schema };
    }
  }
  return undefined;
}
