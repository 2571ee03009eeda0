/** GUIDs derived from a stored schema's identity (Confluent `MD5.ofSchema` written as a UUID). */
import { describe, expect, it } from "vitest";
import type { StoredSchema } from "../storage/storage.js";
import { parseGuid, schemaGuid } from "./schema-guid.js";
import { SchemasById } from "./schemas-by-id.js";

const schema = (id: number, contractKey = "", text = '"int"'): StoredSchema => ({ id, schemaType: "AVRO", fingerprint: "ab".repeat(32), referencesKey: "", text, references: [], contractKey });

describe("schemaGuid", () => {
  it("is a UUID of the identity: the same for the same content under any id or text, else different", () => {
    const guid = schemaGuid(schema(1));
    expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(schemaGuid(schema(7, "", ' "int" '))).toBe(guid);
    expect(schemaGuid(schema(1, '{"metadata":{"properties":{"a":"b"}},"ruleSet":null}'))).not.toBe(guid);
  });

  it("reads UUIDs and 32 hex digits in any case; nothing else", () => {
    expect(parseGuid("0123456789ABCDEF0123456789abcdef")).toBe("01234567-89ab-cdef-0123-456789abcdef");
    expect(parseGuid("01234567-89AB-CDEF-0123-456789ABCDEF")).toBe("01234567-89ab-cdef-0123-456789abcdef");
    expect(parseGuid("0123")).toBeUndefined();
    expect(parseGuid("01234567-89ab-cdef-0123-456789abcdeg")).toBeUndefined();
  });
});

describe("SchemasById", () => {
  it("keeps the GUID index in step with every set, delete and clear", () => {
    const map = new SchemasById();
    const a = schema(1);
    map.set(1, a);
    expect(map.idOfGuid(schemaGuid(a))).toBe(1);
    map.set(2, schema(2, "x"));
    map.delete(1);
    expect(map.idOfGuid(schemaGuid(a))).toBeUndefined();
    expect(map.idOfGuid(schemaGuid(schema(2, "x")))).toBe(2);
    map.clear();
    expect(map.idOfGuid(schemaGuid(schema(2, "x")))).toBeUndefined();
    expect(map.size).toBe(0);
  });
});
