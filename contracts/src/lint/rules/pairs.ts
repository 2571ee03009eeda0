import type { ContractView, FieldView, RecordView, SchemaView } from "../view.js";

/** A record in the linted version and the same record (same key) in the previous version. */
export interface RecordPair {
  readonly next: RecordView;
  readonly previous: RecordView;
  /** The schema the record belongs to, in the linted version. */
  readonly schema: SchemaView;
}

/**
 * The records present in both versions, paired by key (Avro/Protobuf full name, JSON Schema pointer) within
 * schemas paired by key (the standalone schema; AsyncAPI message keys) of the same format.
 */
export function recordPairs(view: ContractView, previousView: ContractView | undefined): RecordPair[] {
  if (!previousView) return [];
  const out: RecordPair[] = [];
  for (const [key, schema] of view.schemas) {
    const before = previousView.schemas.get(key);
    if (!before || before.source.kind !== schema.source.kind) continue;
    const previous = new Map(before.records.map((r) => [r.key, r]));
    for (const next of schema.records) {
      const p = previous.get(next.key);
      if (p) out.push({ next, previous: p, schema });
    }
  }
  return out;
}

/** Whether `field` of the previous version is still in `record`: same name (Protobuf: same number), or renamed with an alias (Avro). */
export function stillPresent(field: FieldView, record: RecordView): boolean {
  if (field.proto && record.proto) return record.fields.some((f) => f.proto?.number === field.proto!.number);
  return record.fields.some((f) => f.name === field.name || f.aliases.includes(field.name));
}

/** Whether `field` of the linted version existed in `record` of the previous version (by name, alias or Protobuf number). */
export function existedBefore(field: FieldView, record: RecordView): boolean {
  if (field.proto && record.proto) return record.fields.some((f) => f.proto?.number === field.proto!.number || f.name === field.name);
  return record.fields.some((f) => f.name === field.name || field.aliases.includes(f.name));
}
