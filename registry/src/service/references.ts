import type { ResolvedReference } from "@charter/contracts/core";
import { Errors, failure, success, type Outcome } from "../errors.js";
import type { StorageReader, StoredReference, SubjectVersion } from "../storage/storage.js";
import type { ReferenceRequest } from "./schema-request.js";

/** The outcome of {@link resolveReferences}. */
export interface ResolvedReferences {
  /** The direct references with concrete versions, in request order: what is stored with the schema. */
  readonly stored: readonly StoredReference[];
  /** Every schema reachable through references, dependencies before dependants, for `Format.parse`. */
  readonly resolved: readonly ResolvedReference[];
}

/** Options for {@link resolveReferences}. */
export interface ResolveReferencesOptions {
  /**
   * Whether explicit version numbers may point at soft-deleted versions (`-1` always means the latest live
   * version). False for new registrations; true for lookups and when re-parsing stored schemas (their
   * references were valid when stored and are protected by 42206).
   */
  readonly includeDeleted: boolean;
}

/**
 * A stable text form of a reference list, part of a schema's identity: the same text with different references
 * is a different schema (Confluent compares `references` as part of schema equality).
 */
export function referencesKey(references: readonly StoredReference[]): string {
  return JSON.stringify(references.map((r) => [r.name, r.subject, r.version]));
}

async function findVersion(
  reader: StorageReader,
  ref: ReferenceRequest,
  includeDeleted: boolean,
): Promise<SubjectVersion | undefined> {
  // -1 is always the latest live version, so lookup and register resolve it alike; `includeDeleted` only
  // relaxes explicit version numbers.
  if (ref.version === -1) return (await reader.listVersions(ref.subject, "live")).at(-1);
  const v = await reader.getVersion(ref.subject, ref.version);
  return v !== undefined && (includeDeleted || !v.deleted) ? v : undefined;
}

/**
 * Resolves `{name, subject, version}` references (version -1 = latest) into the stored form and, following
 * the referenced schemas' own references transitively, into the dependency-ordered list `Format.parse` takes
 * (first occurrence of a name wins). Errors (42201 "Invalid reference"): a referenced subject/version that does
 * not exist (or is soft-deleted, unless allowed), and reference cycles.
 */
export async function resolveReferences(
  reader: StorageReader,
  requested: readonly ReferenceRequest[],
  options: ResolveReferencesOptions,
): Promise<Outcome<ResolvedReferences>> {
  const stored: StoredReference[] = [];
  const resolved: ResolvedReference[] = [];
  const names = new Set<string>();
  const done = new Set<string>();
  const onPath = new Set<string>();

  const visit = async (ref: ReferenceRequest, includeDeleted: boolean, direct: boolean): Promise<Outcome<true>> => {
    const version = await findVersion(reader, ref, includeDeleted);
    if (version === undefined) {
      const which = ref.version === -1 ? "latest version" : `version ${ref.version}`;
      return failure(Errors.invalidSchema(`Invalid reference '${ref.name}': subject '${ref.subject}' ${which} not found`));
    }
    if (direct) stored.push({ name: ref.name, subject: ref.subject, version: version.version });
    const key = `${version.subject}\u0000${version.version}`;
    if (onPath.has(key)) {
      return failure(Errors.invalidSchema(`Invalid reference '${ref.name}': reference cycle through subject '${ref.subject}'`));
    }
    if (done.has(key)) return success(true);
    onPath.add(key);
    const schema = await reader.getSchema(version.schemaId);
    if (schema === undefined) {
      return failure(Errors.invalidSchema(`Invalid reference '${ref.name}': schema ${version.schemaId} not found`));
    }
    for (const child of schema.references) {
      const r = await visit(child, true, false);
      if (!r.ok) return r;
    }
    onPath.delete(key);
    done.add(key);
    if (!names.has(ref.name)) {
      names.add(ref.name);
      resolved.push({ name: ref.name, schema: schema.text });
    }
    return success(true);
  };

  for (const ref of requested) {
    const r = await visit(ref, options.includeDeleted, true);
    if (!r.ok) return r;
  }
  return success({ stored, resolved });
}
