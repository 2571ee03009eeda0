import type { StoredSchema } from "../storage/storage.js";
import { schemaGuid } from "./schema-guid.js";

/**
 * The service's in-memory map of stored schemas by id, which also finds an id by GUID (Confluent
 * `LookupCache.idByGuid`): every write to the map keeps the GUID index in step, so no caller can forget it.
 * Identical schemas share one id (and so one GUID); should a GUID ever name two ids, the newest is kept.
 */
export class SchemasById extends Map<number, StoredSchema> {
  private readonly idByGuid = new Map<string, number>();

  override set(id: number, schema: StoredSchema): this {
    const before = super.get(id);
    if (before !== undefined && before !== schema) this.unindex(id, before);
    super.set(id, schema);
    const guid = schemaGuid(schema);
    this.idByGuid.set(guid, Math.max(id, this.idByGuid.get(guid) ?? 0));
    return this;
  }

  override delete(id: number): boolean {
    const before = super.get(id);
    if (before !== undefined) this.unindex(id, before);
    return super.delete(id);
  }

  override clear(): void {
    this.idByGuid.clear();
    super.clear();
  }

  /** The id of the schema with this GUID (as {@link schemaGuid} writes it), or `undefined`. */
  idOfGuid(guid: string): number | undefined {
    return this.idByGuid.get(guid);
  }

  private unindex(id: number, schema: StoredSchema): void {
    const guid = schemaGuid(schema);
    if (this.idByGuid.get(guid) === id) this.idByGuid.delete(guid);
  }
}
