import { describe, expect, it } from "vitest";
import { referencesKey, resolveReferences } from "./references.js";
import { parseSchemaRequest } from "./schema-request.js";
import { validateSubject } from "./subject-name.js";
import { parseVersionSpec } from "./version-spec.js";
import { openTestStorage } from "../test-registry.js";

describe("validateSubject", () => {
  it("accepts unicode, slashes and 255 bytes; rejects empty, longer and control characters (42208)", () => {
    for (const ok of ["a", "a/b", "ü☃🎉", "x".repeat(255), "%2F", " "]) expect(validateSubject(ok).ok).toBe(true);
    for (const bad of ["", "x".repeat(256), "é".repeat(128), "a\u0000", "\u001f", "\u007f", "\u009f", "\ud800"]) {
      const r = validateSubject(bad);
      expect(r.ok ? 0 : r.error.errorCode).toBe(42208);
    }
  });
});

describe("parseVersionSpec", () => {
  it("accepts 1 … 2^31−1, latest and -1; everything else is 42202", () => {
    expect(parseVersionSpec("1")).toEqual({ ok: true, value: 1 });
    expect(parseVersionSpec("2147483647")).toEqual({ ok: true, value: 2147483647 });
    expect(parseVersionSpec("latest")).toEqual({ ok: true, value: "latest" });
    expect(parseVersionSpec("-1")).toEqual({ ok: true, value: "latest" });
    for (const bad of ["0", "abc", "2147483648", "99999999999", "-2", "1e3", "", "LATEST", "01"]) {
      const r = parseVersionSpec(bad);
      expect(r.ok ? 0 : r.error.errorCode, bad).toBe(42202);
    }
  });
});

describe("parseSchemaRequest", () => {
  it("defaults schemaType to AVRO, upper-cases it, treats id/version ≤ 0 as absent", () => {
    expect(parseSchemaRequest({ schema: '"int"', id: -1, version: 0 }, { maxSchemaBytes: 100 })).toEqual({
      ok: true,
      value: { schema: '"int"', schemaType: "AVRO", references: [] },
    });
    const r = parseSchemaRequest({ schema: "{}", schemaType: "json", id: 5 }, { maxSchemaBytes: 100 });
    expect(r.ok && r.value).toMatchObject({ schemaType: "JSON", id: 5 });
  });

  it("says what is wrong with the 'schema' field: missing, not a string (naming what was sent), or empty (42201)", () => {
    const message = (body: unknown) => {
      const r = parseSchemaRequest(body, { maxSchemaBytes: 100 });
      expect(r.ok ? 0 : r.error.errorCode).toBe(42201);
      return r.ok ? "" : r.error.message;
    };
    expect(message({ schema: 1 })).toMatch(/must be a string .* not a number \(1\)/);
    expect(message({ schema: 1 })).not.toMatch(/empty/i);
    expect(message({ schema: { type: "record" } })).toMatch(/must be a string .* not an object/);
    expect(message({ schema: ["int"] })).toMatch(/not an array/);
    expect(message({ schema: true })).toMatch(/not a boolean \(true\)/);
    expect(message({})).toMatch(/^Missing schema/);
    expect(message({ schema: null })).toMatch(/^Missing schema/);
    expect(message({ schema: "" })).toMatch(/^Empty schema/);
  });

  it("measures the limit in UTF-8 bytes (42209)", () => {
    const r = parseSchemaRequest({ schema: `"${"é".repeat(50)}"` }, { maxSchemaBytes: 100 });
    expect(r.ok ? 0 : r.error.errorCode).toBe(42209);
  });
});

describe("resolveReferences", () => {
  it("orders dependencies first, resolves -1 to the latest version and detects cycles", async () => {
    const storage = await openTestStorage();
    const ref = (name: string, subject: string) => ({ name, subject, version: 1 });
    await storage.withTransaction(async (tx) => {
      // c ← b ← a (a references b, b references c); d and e reference each other (only possible by tampering).
      const rows = [
        { id: 1, subject: "c", refs: [] },
        { id: 2, subject: "b", refs: [ref("C", "c")] },
        { id: 3, subject: "a", refs: [ref("B", "b")] },
        { id: 4, subject: "d", refs: [ref("E", "e")] },
        { id: 5, subject: "e", refs: [ref("D", "d")] },
      ];
      for (const r of rows) {
        await tx.insertSchema({ id: r.id, schemaType: "AVRO", fingerprint: `f${r.id}`, referencesKey: referencesKey(r.refs), text: `t${r.id}`, references: r.refs, contractKey: "" });
        await tx.insertVersion({ subject: r.subject, version: 1, schemaId: r.id, deleted: false });
      }
    });
    const ok = await resolveReferences(storage, [{ name: "A", subject: "a", version: -1 }], { includeDeleted: false });
    expect(ok).toEqual({
      ok: true,
      value: {
        stored: [{ name: "A", subject: "a", version: 1 }],
        resolved: [
          { name: "C", schema: "t1" },
          { name: "B", schema: "t2" },
          { name: "A", schema: "t3" },
        ],
      },
    });
    const cycle = await resolveReferences(storage, [{ name: "D", subject: "d", version: 1 }], { includeDeleted: false });
    expect(cycle.ok ? "" : cycle.error.message).toMatch(/cycle/);
    expect(cycle.ok ? 0 : cycle.error.errorCode).toBe(42201);
    await storage.close();
  });
});
