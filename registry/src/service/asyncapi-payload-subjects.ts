import type { SchemaType } from "@charter/contracts/core";
import { Errors, failure, success, type Outcome } from "../errors.js";
import type { StorageReader, StorageTransaction, StoredSchema } from "../storage/storage.js";
import type { PayloadView } from "../worker/schema-tasks.js";
import type { MessageAction, PayloadRole } from "./asyncapi-messages.js";
import { referencesKey } from "./references.js";
import { validateSubject } from "./subject-name.js";

/**
 * One row of `GET /subjects/{s}/versions/{v}/messages`. `subject`, `schemaType`, `id` and `version` are null
 * when the schema cannot stand alone (`reason` says why); `id`/`version` are null too when the derived subject
 * no longer holds it (deleted by hand).
 */
export interface MessageSubjectView {
  readonly messageId: string;
  readonly channel: string;
  readonly address: string | null;
  readonly action: MessageAction;
  readonly role: PayloadRole;
  readonly path: string;
  readonly schemaType: SchemaType | null;
  readonly subject: string | null;
  readonly id: number | null;
  readonly version: number | null;
  readonly reason?: string;
}

const NO_REFERENCES = referencesKey([]);

/** The derivable payloads of an ASYNCAPI document (`messagePayloads`), one per derived subject (document order). */
function derivable(payloads: readonly PayloadView[]): Outcome<PayloadView[]> {
  const bySubject = new Map<string, PayloadView>();
  for (const p of payloads) {
    if (p.subject === undefined || p.parsed === undefined) continue;
    const seen = bySubject.get(p.subject);
    if (seen === undefined) bySubject.set(p.subject, p);
    else if (seen.parsed!.fingerprint !== p.parsed.fingerprint || seen.parsed!.type !== p.parsed.type) {
      return failure(Errors.invalidSchema(`Invalid schema: messages ${seen.messageId} and ${p.messageId} would both be registered as '${p.subject}' with different payloads; rename one of them`));
    }
  }
  return success([...bySubject.values()]);
}

/**
 * Registers each message payload (and Kafka key) of an ASYNCAPI document registered under `subject` — its
 * `messagePayloads` under that subject, as the schema executor computed them — in its derived subject, inside the document's own unit of work `tx`, so the document and
 * its payload subjects commit or roll back together. A derived subject gets a new version unless its latest live
 * version already holds that payload schema; the schema gets the id of an identical schema anywhere (type,
 * canonical form, no references), else a new id. No compatibility check runs on derived subjects: the
 * document's own check, direction-aware per message, already judged every payload change (a subject-level
 * BACKWARD check would wrongly refuse a sent message's new required field). Errors: 42208 when a derived name is
 * not a valid subject (too long), 42205 when a derived subject is read-only (`readOnly`), 42201 when two
 * different payloads would share a name.
 */
export async function registerPayloadSubjects(
  tx: StorageTransaction,
  subject: string,
  messages: readonly PayloadView[],
  readOnly: (subject: string) => Promise<boolean>,
): Promise<Outcome<StoredSchema[]>> {
  const payloads = derivable(messages);
  if (!payloads.ok) return payloads;
  const created: StoredSchema[] = [];
  for (const p of payloads.value) {
    const name = p.subject!;
    const parsed = p.parsed!;
    const valid = validateSubject(name);
    if (!valid.ok) return failure(Errors.invalidSubject(`derived subject for message ${p.messageId} (${p.role}): ${valid.error.message}`));
    if (await readOnly(name)) return failure(Errors.operationNotPermitted(`Derived subject ${name} (message ${p.messageId}) is in read-only mode`));
    const existing = await tx.findSchemaId(parsed.type, parsed.fingerprint, NO_REFERENCES, "");
    const latest = (await tx.listVersions(name, "live")).at(-1);
    if (existing !== undefined && latest?.schemaId === existing) continue;
    let id = existing;
    if (id === undefined) {
      id = await tx.allocateSchemaId();
      const schema: StoredSchema = { id, schemaType: parsed.type, fingerprint: parsed.fingerprint, referencesKey: NO_REFERENCES, text: parsed.text, references: [], contractKey: "" };
      await tx.insertSchema(schema);
      created.push(schema);
    }
    await tx.insertVersion({ subject: name, version: await tx.allocateVersion(name), schemaId: id, deleted: false });
  }
  return success(created);
}

/**
 * The messages of a registered ASYNCAPI document (its `messagePayloads` under `subject`; none for a fragment)
 * and where each payload (and Kafka key) is registered: the derived subject, the payload's schema id and the
 * newest live version of the derived subject holding it.
 */
export async function listPayloadSubjects(reader: StorageReader, subject: string, payloads: readonly PayloadView[]): Promise<MessageSubjectView[]> {
  const rows: MessageSubjectView[] = [];
  for (const p of payloads) {
    const base = { messageId: p.messageId, channel: p.channel, address: p.address, action: p.action, role: p.role, path: p.path };
    if (p.subject === undefined || p.parsed === undefined) {
      rows.push({ ...base, schemaType: null, subject: null, id: null, version: null, ...(p.reason !== undefined ? { reason: p.reason } : {}) });
      continue;
    }
    const id = (await reader.findSchemaId(p.parsed.type, p.parsed.fingerprint, NO_REFERENCES, "")) ?? null;
    const version = id === null ? undefined : (await reader.listVersions(p.subject, "live")).filter((v) => v.schemaId === id).at(-1);
    rows.push({ ...base, schemaType: p.parsed.type, subject: p.subject, id: version === undefined ? null : id, version: version?.version ?? null });
  }
  return rows;
}
