import { describe, expect, it } from "vitest";
import { href, parseRoute, type Route } from "./routes.js";
import { filterSubjects, type SubjectRow } from "./subject-filter.js";
import { operationsOf, payloadRows } from "./asyncapi-model.js";

describe("routes", () => {
  it("round-trips every page through its URL, subject names escaped", () => {
    const pages: Route[] = [
      { kind: "subjects" },
      { kind: "subject", subject: "orders-value" },
      { kind: "subject", subject: "a/b c", version: 3 },
      { kind: "diff", subject: "orders-value", version: 3, against: 2 },
      { kind: "try", subject: "orders-value" },
      { kind: "asyncapi", subject: "orders" },
      { kind: "asyncapi", subject: "orders", version: 2 },
    ];
    for (const p of pages) expect(parseRoute(href(p))).toEqual(p);
    expect(href({ kind: "diff", subject: "orders-value", version: 3, against: 2 })).toBe("/ui/subjects/orders-value/versions/3/diff/2");
  });

  it("answers not-found for anything else, never throws", () => {
    for (const path of ["/ui/subjects/x/versions/0", "/ui/subjects/x/versions/abc", "/ui/nope", "/ui/subjects/%E0%A4%A/try", "/elsewhere"]) {
      expect(parseRoute(path).kind, path).toBe("not-found");
    }
    expect(parseRoute("/ui")).toEqual({ kind: "subjects" });
  });
});

describe("filterSubjects", () => {
  const rows: SubjectRow[] = ["orders-value", "payments-value", "orders.OrderPlaced-value", "streetlights"].map((name, i) => ({
    name,
    schemaType: i === 3 ? "ASYNCAPI" : "AVRO",
    latestVersion: 1,
    latestId: i + 1,
    deleted: false,
  }));
  const none = { q: "", match: "substring" as const, type: "", level: "", levels: new Map<string, string>() };
  it("matches by substring or prefix, case-insensitively, and by type and level", () => {
    expect(filterSubjects(rows, { ...none, q: "ORDER" }).map((r) => r.name)).toEqual(["orders-value", "orders.OrderPlaced-value"]);
    expect(filterSubjects(rows, { ...none, q: "value", match: "prefix" })).toEqual([]);
    expect(filterSubjects(rows, { ...none, type: "ASYNCAPI" }).map((r) => r.name)).toEqual(["streetlights"]);
    const levels = new Map([["payments-value", "FULL"], ["orders-value", "BACKWARD"]]);
    expect(filterSubjects(rows, { ...none, level: "FULL", levels }).map((r) => r.name)).toEqual(["payments-value"]);
  });
  it("filters 10,000 subjects per keystroke", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ ...rows[0]!, name: `team${i % 100}.event${i}-value` }));
    expect(filterSubjects(many, { ...none, q: "team7." }).length).toBe(100);
  });
});

describe("asyncapi-model", () => {
  it("lists AsyncAPI 3 operations with their channel and messages", () => {
    const doc = {
      asyncapi: "3.0.0",
      operations: {
        onPaid: { action: "receive", channel: { $ref: "#/channels/payments" }, messages: [{ $ref: "#/channels/payments/messages/Paid" }] },
        placeOrder: { action: "send", channel: { $ref: "#/channels/orders" } },
      },
    };
    expect(operationsOf(doc)).toEqual([
      { id: "onPaid", action: "receive", channel: "payments", messages: ["Paid"] },
      { id: "placeOrder", action: "send", channel: "orders", messages: [] },
    ]);
  });
  it("reads AsyncAPI 2 publish/subscribe as receive/send", () => {
    const doc = { asyncapi: "2.6.0", channels: { "user/signedup": { subscribe: { operationId: "emit", message: { $ref: "#/components/messages/UserSignedUp" } }, publish: { message: { oneOf: [{ name: "A" }, { name: "B" }] } } } } };
    expect(operationsOf(doc)).toEqual([
      { id: "emit", action: "send", channel: "user/signedup", messages: ["UserSignedUp"] },
      { id: "publish user/signedup", action: "receive", channel: "user/signedup", messages: ["A", "B"] },
    ]);
    expect(operationsOf("not a document")).toEqual([]);
  });
  it("tables a payload's fields: JSON Schema properties with required, Avro fields without a default", () => {
    const json = JSON.stringify({ type: "object", required: ["id"], properties: { id: { type: "string", format: "uuid", description: "key" }, tags: { type: "array", items: { type: "string" } } } });
    expect(payloadRows(json, "JSON")).toEqual([
      { name: "id", type: "string (uuid)", required: true, description: "key" },
      { name: "tags", type: "array of string", required: false },
    ]);
    const avro = JSON.stringify({ type: "record", name: "P", fields: [{ name: "id", type: "string" }, { name: "note", type: ["null", "string"], default: null }] });
    expect(payloadRows(avro, "AVRO")).toEqual([
      { name: "id", type: "string", required: true },
      { name: "note", type: "null | string", required: false },
    ]);
    expect(payloadRows("syntax = \"proto3\";", "PROTOBUF")).toEqual([]);
  });
});
