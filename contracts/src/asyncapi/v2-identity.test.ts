import { describe, expect, it } from "vitest";
import type { ParsedSchema } from "../format.js";
import { checkAsyncApi, replaceCheck } from "./compatibility.js";
import { parseAsyncApi } from "./parse.js";

async function parsed(doc: unknown): Promise<ParsedSchema> {
  const result = await parseAsyncApi(JSON.stringify(doc, null, 2));
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message} at ${result.error.path}`);
  return result.value;
}

const created = { type: "object", properties: { id: { type: "string" }, kind: { type: "string", enum: ["a", "b"] } }, required: ["id"] };
const deleted = { type: "object", properties: { id: { type: "string" }, reason: { type: "string" } }, required: ["id", "reason"] };

/** A 2.6 document whose application sends (`subscribe`) on `orders` what `message` says. */
function v2(operation: Record<string, unknown>): unknown {
  return { asyncapi: "2.6.0", info: { title: "Orders", version: "1.0.0" }, channels: { orders: { subscribe: operation } } };
}

const rulesOf = (reader: ParsedSchema, writer: ParsedSchema) => replaceCheck(reader, writer).map((c) => [c.rule, c.severity]);

describe("AsyncAPI 2.x: operationId and message names are names, not identities", () => {
  it("reports an added operationId as a non-breaking OPERATION_RENAMED, not OPERATION_REMOVED", async () => {
    const old = await parsed(v2({ message: { payload: created } }));
    const next = await parsed(v2({ operationId: "sendIt", message: { payload: created } }));
    expect(rulesOf(next, old)).toEqual([["OPERATION_RENAMED", "non-breaking"]]);
    const verdict = checkAsyncApi(old, next, { level: "FULL" });
    expect(verdict.compatible).toBe(true);
    expect(verdict.changes.find((c) => c.direction === "backward")).toMatchObject({ rule: "OPERATION_RENAMED", path: "/channels/orders/subscribe/operationId", document: "new" });
  });

  it("still compares the payload of a renamed operation, even when OPERATION_REMOVED is made non-breaking", async () => {
    const old = await parsed(v2({ operationId: "sendIt", message: { payload: created } }));
    const widened = { ...created, properties: { ...created.properties, kind: { type: "string", enum: ["a", "b", "c"] } } };
    const next = await parsed(v2({ operationId: "publishOrder", message: { payload: widened } }));
    const verdict = checkAsyncApi(old, next, { level: "BACKWARD", policy: { OPERATION_REMOVED: "non-breaking" } });
    expect(verdict.compatible).toBe(false);
    expect(verdict.violations.map((v) => v.rule)).toEqual(["PAYLOAD_INCOMPATIBLE"]);
    expect(verdict.violations[0]?.message).toContain("(sent)");
    expect(verdict.changes.map((c) => c.rule)).toContain("OPERATION_RENAMED");
  });

  it("reports a name added to a single message as a non-breaking MESSAGE_RENAMED, not MESSAGE_REMOVED", async () => {
    const old = await parsed(v2({ message: { payload: created } }));
    const next = await parsed(v2({ message: { name: "Created", payload: created } }));
    expect(rulesOf(next, old)).toEqual([["MESSAGE_RENAMED", "non-breaking"]]);
    expect(rulesOf(old, next)).toEqual([["MESSAGE_RENAMED", "non-breaking"]]);
    const renamedId = await parsed(v2({ message: { messageId: "orderCreated", name: "Created", payload: created } }));
    expect(checkAsyncApi(next, renamedId, { level: "FULL" }).compatible).toBe(true);
  });

  it("pairs reordered anonymous oneOf entries by content, not position", async () => {
    const old = await parsed(v2({ message: { oneOf: [{ payload: created }, { payload: deleted }] } }));
    const next = await parsed(v2({ message: { oneOf: [{ payload: deleted }, { payload: created }] } }));
    expect(replaceCheck(next, old)).toEqual([]);
    expect(checkAsyncApi(old, next, { level: "FULL" })).toEqual({ compatible: true, violations: [], changes: [] });
  });

  it("pairs named oneOf entries by name, so an edit is checked against the right entry", async () => {
    const old = await parsed(v2({ message: { oneOf: [{ name: "Created", payload: created }, { name: "Deleted", payload: deleted }] } }));
    const loosened = { ...deleted, required: ["id"] };
    const next = await parsed(v2({ message: { oneOf: [{ name: "Deleted", payload: loosened }, { name: "Created", payload: created }] } }));
    const verdict = checkAsyncApi(old, next);
    expect(verdict.violations.map((v) => [v.rule, v.path])).toEqual([["PAYLOAD_INCOMPATIBLE", "/channels/orders/subscribe/message/oneOf/0/payload"]]);
    expect(verdict.violations[0]?.message).toContain("message Deleted");
  });

  it("falls back to order for anonymous entries whose content changed, and keeps differently named entries apart", async () => {
    const old = await parsed(v2({ message: { oneOf: [{ payload: created }, { name: "Deleted", payload: deleted }] } }));
    const edited = { ...created, properties: { ...created.properties, kind: { type: "string", enum: ["a", "b", "c"] } } };
    const next = await parsed(v2({ message: { oneOf: [{ payload: edited }, { name: "Removed", payload: { type: "object" } }] } }));
    expect(rulesOf(next, old)).toEqual([
      ["PAYLOAD_INCOMPATIBLE", "breaking"],
      ["MESSAGE_REMOVED", "breaking"],
      ["MESSAGE_ADDED", "non-breaking"],
    ]);
  });

  it("keeps 3.x keys as identities: a renamed operation key is removed and added", async () => {
    const doc = (opId: string) => ({
      asyncapi: "3.0.0",
      info: { title: "Orders", version: "1.0.0" },
      channels: { orders: { address: "orders", messages: { created: { payload: created } } } },
      operations: { [opId]: { action: "send", channel: { $ref: "#/channels/orders" } } },
    });
    const rules = rulesOf(await parsed(doc("publishOrder")), await parsed(doc("sendIt")));
    expect(rules).toEqual([
      ["OPERATION_REMOVED", "breaking"],
      ["OPERATION_ADDED", "non-breaking"],
    ]);
  });
});
